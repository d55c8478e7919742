"""Panelists whose scorecard is still open are reminded by email, once per interval."""

from datetime import timedelta

from django.utils import timezone

from interviews.models import Interview
from interviews.reports.models import ScorecardReminder
from interviews.reports.reminders import scorecard_reminders_send
from interviews.reports.tasks import remind_open_scorecards
from tests.reports.builders import make_interview, make_kit, rate, submit


def interview_started(cast, hours_ago: float):
    interview = make_interview(kit=make_kit(questions=1), panel=[cast.ada, cast.grace])
    Interview.objects.filter(pk=interview.pk).update(
        started_at=timezone.now() - timedelta(hours=hours_ago)
    )
    return interview


def test_nobody_is_reminded_before_the_delay(cast, mailoutbox, settings):
    settings.REPORT_REMINDER_HOURS = 4
    interview_started(cast, hours_ago=3)
    assert scorecard_reminders_send() == 0
    assert mailoutbox == []


def test_open_scorecards_are_reminded_after_the_delay(cast, mailoutbox, settings):
    settings.REPORT_REMINDER_HOURS = 4
    interview = interview_started(cast, hours_ago=5)
    rate(interview, cast.ada, [3])
    submit(interview, cast.ada)

    assert scorecard_reminders_send() == 1
    assert len(mailoutbox) == 1
    email = mailoutbox[0]
    assert email.to == [cast.grace.email]
    assert "Casey Candidate" in email.subject
    assert "not submitted yet" in email.body
    reminder = ScorecardReminder.objects.get()
    assert reminder.sent_count == 1
    assert reminder.scorecard.interviewer == cast.grace


def test_once_per_interval(cast, mailoutbox, settings):
    settings.REPORT_REMINDER_HOURS = 4
    interview_started(cast, hours_ago=5)
    now = timezone.now()
    assert scorecard_reminders_send(now=now) == 2
    assert scorecard_reminders_send(now=now + timedelta(hours=1)) == 0
    assert scorecard_reminders_send(now=now + timedelta(hours=3, minutes=59)) == 0
    assert scorecard_reminders_send(now=now + timedelta(hours=4)) == 2
    assert len(mailoutbox) == 4
    assert set(ScorecardReminder.objects.values_list("sent_count", flat=True)) == {2}


def test_reminders_stop_once_submitted(cast, mailoutbox, settings):
    settings.REPORT_REMINDER_HOURS = 4
    interview = interview_started(cast, hours_ago=5)
    now = timezone.now()
    assert scorecard_reminders_send(now=now) == 2
    rate(interview, cast.ada, [3])
    submit(interview, cast.ada)
    rate(interview, cast.grace, [2])
    submit(interview, cast.grace)
    assert scorecard_reminders_send(now=now + timedelta(hours=9)) == 0
    assert len(mailoutbox) == 2


def test_cancelled_and_scheduled_interviews_send_nothing(cast, mailoutbox, settings):
    settings.REPORT_REMINDER_HOURS = 4
    interview = interview_started(cast, hours_ago=5)
    Interview.objects.filter(pk=interview.pk).update(state=Interview.State.CANCELLED)
    not_started = make_interview(kit=make_kit(questions=1), panel=[cast.ada], start=False)
    Interview.objects.filter(pk=not_started.pk).update(
        scheduled_at=timezone.now() - timedelta(hours=6)
    )
    assert scorecard_reminders_send() == 0
    assert mailoutbox == []


def test_the_beat_task_calls_the_service(cast, mailoutbox, settings):
    settings.REPORT_REMINDER_HOURS = 4
    interview_started(cast, hours_ago=5)
    remind_open_scorecards.apply()
    assert len(mailoutbox) == 2


def test_the_beat_schedule_names_only_registered_tasks(settings):
    from config.celery import app

    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert tasks == {
        "interviews.reports.tasks.requeue_report_requests",
        "interviews.reports.tasks.remind_open_scorecards",
        "interviews.calibration.tasks.refresh_calibration",
        "interviews.webhooks.tasks.sweep_webhook_deliveries",
        "interviews.webhooks.tasks.prune_webhook_events",
    }
    app.loader.import_default_modules()
    assert tasks <= set(app.tasks)


def test_one_failing_reminder_never_stops_the_others(cast, mailoutbox, settings, caplog):
    from django.contrib.auth.models import User

    from interviews.models import Candidate

    settings.REPORT_REMINDER_HOURS = 4
    first = interview_started(cast, hours_ago=5)
    second = interview_started(cast, hours_ago=5)
    # Rows written before names were checked: a line break in the candidate's name, a line break
    # in a panelist's address.
    Candidate.objects.filter(pk=first.candidate_id).update(name="Casey\r\nBcc: all@example.com")
    User.objects.filter(pk=cast.grace.pk).update(email="grace@example.com\nBcc: x@example.com")

    assert scorecard_reminders_send() == 2  # Ada, twice; Grace's address cannot be sent to
    assert sorted(email.to[0] for email in mailoutbox) == [cast.ada.email] * 2
    subjects = [email.subject for email in mailoutbox]
    assert "Reminder: your scorecard for Casey Bcc: all@example.com is still open" in subjects
    assert "reminder for scorecard" in caplog.text and "not sent" in caplog.text
    assert second.pk


def test_a_direction_override_stored_before_it_was_refused_stays_out_of_the_subject(
    cast, mailoutbox, settings
):
    from interviews.models import Candidate

    settings.REPORT_REMINDER_HOURS = 4
    interview = interview_started(cast, hours_ago=5)
    Candidate.objects.filter(pk=interview.candidate_id).update(name="Eve \u202egnp.exe\u200d")
    scorecard_reminders_send()
    subjects = {email.subject for email in mailoutbox}
    assert subjects == {"Reminder: your scorecard for Eve gnp.exe is still open"}
