"""Scheduling, rescheduling and cancelling an interview email each panelist a calendar invite, and
the candidate one of their own with the room link; parsed back with icalendar: one UID per entry,
SEQUENCE rising, the console link for the panel, the room link (and no panel names) for the
candidate."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from interviews.rooms.services import room_for_interview
from interviews.services import interview_cancel, interview_reschedule
from tests.interviews.builders import make_interview


@pytest.fixture(autouse=True)
def site(settings):
    settings.SITE_URL = "https://loupe.example.com"


CANDIDATE = "sam@example.com"  # tests/interviews/builders.py's candidate


def invites(mailoutbox, *, candidate: bool = False) -> list[tuple[str, Calendar]]:
    """(recipient, calendar) of each email sent to the panel (or to the candidate), parsed from
    its text/calendar part."""
    parsed = []
    for message in mailoutbox:
        if (message.to[0] == CANDIDATE) != candidate:
            continue
        [(content, mimetype)] = [
            (content, mimetype)
            for content, mimetype in message.alternatives
            if mimetype.startswith("text/calendar")
        ]
        calendar = Calendar.from_ical(content)
        assert f"method={calendar['method']}" in mimetype
        parsed.append((message.to[0], calendar))
    return parsed


def the_event(calendar: Calendar):
    [event] = calendar.walk("VEVENT")
    return event


def scheduled(cast, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return make_interview([cast.ada, cast.grace], start=False)


def test_scheduling_sends_each_panelist_a_request_with_the_console_link(
    cast, mailoutbox, django_capture_on_commit_callbacks
):
    interview = scheduled(cast, django_capture_on_commit_callbacks)
    sent = invites(mailoutbox)
    assert sorted(to for to, _ in sent) == ["ada@example.com", "grace@example.com"]
    console = "https://loupe.example.com" + reverse("interviews:console", args=[interview.pk])
    for _, calendar in sent:
        assert calendar["method"] == "REQUEST"
        event = the_event(calendar)
        assert event["uid"] == f"interview-{interview.pk}@loupe.example.com"
        assert event["sequence"] == 0
        assert event.decoded("dtstart") == interview.scheduled_at.replace(microsecond=0)
        assert event["url"] == console
        assert console in event["description"]
        attendees = sorted(str(attendee) for attendee in event["attendee"])
        assert attendees == ["mailto:ada@example.com", "mailto:grace@example.com"]
    assert console in mailoutbox[0].body
    assert mailoutbox[0].attachments[0][0] == "invite.ics"


def test_the_candidate_gets_an_entry_of_their_own_with_the_room_link_and_no_panel(
    cast, mailoutbox, django_capture_on_commit_callbacks
):
    interview = scheduled(cast, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        interview_cancel(interview=interview)
    [(to, request), (_, cancel)] = invites(mailoutbox, candidate=True)
    assert to == CANDIDATE
    _, token = room_for_interview(interview=interview)
    room = "https://loupe.example.com" + reverse("rooms:room", args=[token])
    event = the_event(request)
    assert event["uid"] == f"interview-{interview.pk}-candidate@loupe.example.com"
    assert event["url"] == room and room in event["description"]
    assert [str(attendee) for attendee in [event["attendee"]]] == [f"mailto:{CANDIDATE}"]
    email = next(message for message in mailoutbox if message.to == [CANDIDATE])
    text = email.body + email.alternatives[0][0]
    assert room in text
    for panelist in ("ada", "grace", "Ada", "Grace", "/i/"):
        assert panelist not in text
    assert cancel["method"] == "CANCEL"
    assert the_event(cancel)["uid"] == event["uid"]
    assert the_event(cancel)["sequence"] > event["sequence"]


def test_without_a_site_url_the_candidate_gets_no_invite_with_a_link_that_cannot_open(
    cast, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.SITE_URL = ""
    scheduled(cast, django_capture_on_commit_callbacks)
    assert invites(mailoutbox, candidate=True) == []
    assert len(invites(mailoutbox)) == 2


def test_each_reschedule_keeps_the_uid_and_raises_the_sequence(
    cast, mailoutbox, django_capture_on_commit_callbacks
):
    interview = scheduled(cast, django_capture_on_commit_callbacks)
    later = (timezone.now() + timedelta(days=2)).replace(microsecond=0)
    for hours in (0, 3):
        with django_capture_on_commit_callbacks(execute=True):
            interview_reschedule(interview=interview, scheduled_at=later + timedelta(hours=hours))
    events = [the_event(calendar) for to, calendar in invites(mailoutbox) if to.startswith("ada")]
    assert len({str(event["uid"]) for event in events}) == 1
    assert [event["sequence"] for event in events] == [0, 1, 2]
    assert events[-1].decoded("dtstart") == later + timedelta(hours=3)
    assert mailoutbox[-1].subject.startswith("Moved: ")


def test_cancelling_sends_a_cancel_with_the_same_uid_and_a_higher_sequence(
    cast, mailoutbox, django_capture_on_commit_callbacks
):
    interview = scheduled(cast, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        interview_cancel(interview=interview)
    with django_capture_on_commit_callbacks(execute=True):
        interview_cancel(interview=interview)  # again: nothing more is sent
    sent = invites(mailoutbox)
    assert len(sent) == 4
    first, last = the_event(sent[0][1]), the_event(sent[-1][1])
    assert sent[-1][1]["method"] == "CANCEL"
    assert last["status"] == "CANCELLED"
    assert last["uid"] == first["uid"]
    assert last["sequence"] > first["sequence"]


def test_rescheduling_through_the_console_sends_the_new_time(
    client, cast, mailoutbox, django_capture_on_commit_callbacks
):
    interview = scheduled(cast, django_capture_on_commit_callbacks)
    mailoutbox.clear()
    client.force_login(cast.ada)
    when = (timezone.localtime() + timedelta(days=3)).replace(second=0, microsecond=0)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("interviews:reschedule", kwargs={"pk": interview.pk}),
            {"scheduled_at": when.strftime("%Y-%m-%dT%H:%M")},
        )
    assert response.status_code == 302
    sent = invites(mailoutbox)
    assert len(sent) == 2
    assert the_event(sent[0][1]).decoded("dtstart") == when


def test_nothing_is_sent_until_the_schedule_commits(cast, mailoutbox):
    make_interview([cast.ada], start=False)  # the test's transaction never commits
    assert mailoutbox == []


def test_an_interview_already_over_gets_no_invite(
    cast, mailoutbox, django_capture_on_commit_callbacks
):
    from interviews.services import interview_schedule
    from tests.interviews.builders import make_kit

    with django_capture_on_commit_callbacks(execute=True):
        interview_schedule(
            candidate_name="Past Candidate",
            candidate_email="past@example.com",
            kit=make_kit(1),
            scheduled_at=timezone.now() - timedelta(days=30),
            panel=[cast.ada],
            lead=cast.ada,
        )
    assert mailoutbox == []
