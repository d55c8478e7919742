"""A loop is dated by its first interview, not by when its row was created (the demo creates every
loop at once): on the candidate page, and in the candidates list, whose rows are about each
candidate's latest loop (its own interviews and decision) and come newest first."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from interviews.models import Interview, Loop, LoopDecision
from tests.reports.builders import make_kit
from tests.reports.test_candidate_page import completed_in, two_interview_loop


def days_ago(days: int):
    return timezone.now() - timedelta(days=days)


def dated(loop, *days: int) -> None:
    """Move the loop's interviews, in order, to so many days ago."""
    for interview, day in zip(loop.interviews.order_by("pk"), days, strict=True):
        Interview.objects.filter(pk=interview.pk).update(scheduled_at=days_ago(day))


def test_the_candidate_page_dates_a_loop_by_its_first_interview(client, cast):
    loop, _, _ = two_interview_loop(cast)
    dated(loop, 20, 13)
    client.force_login(cast.manager)
    body = client.get(reverse("reports:candidate", args=[loop.candidate_id])).content.decode()
    assert f"first interview {days_ago(20):%-d %b %Y}" in body
    assert "started" not in body


def test_a_loop_without_interviews_says_when_it_was_created(client, cast):
    loop, _, _ = two_interview_loop(cast)
    empty = Loop.objects.create(candidate=loop.candidate, role="Staff Go engineer")
    client.force_login(cast.manager)
    body = client.get(reverse("reports:candidate", args=[loop.candidate_id])).content.decode()
    assert f"created {empty.created_at:%-d %b %Y}, no interview yet" in body


def test_the_list_shows_the_latest_loops_date_counts_and_decision_newest_first(client, cast):
    older, _, _ = two_interview_loop(cast)
    dated(older, 40, 30)
    LoopDecision.objects.create(
        loop=older,
        outcome="hire",
        level="senior",
        reason="Strong.",
        decided_by=cast.manager,
        decided_at=days_ago(29),
    )
    latest = Loop.objects.create(candidate=older.candidate, role="Second loop")
    completed_in(latest, make_kit(questions=1, slug="again"), [cast.ada], [3])
    dated(latest, 2)
    newer_candidate = completed_in(None, make_kit(questions=1, slug="other"), [cast.grace], [3])
    dated(newer_candidate.loop, 1)
    client.force_login(cast.manager)
    body = client.get(reverse("reports:candidates")).content.decode()
    rows = body.split("<tbody>")[1].split("</tr>")
    assert newer_candidate.candidate.name in rows[0]  # its loop began a day ago
    assert older.candidate.name in rows[1]
    assert f"{days_ago(2):%-d %b %Y}" in rows[1] and "(2 loops)" in rows[1]
    assert "1 of 1" in rows[1]  # the latest loop's own interviews
    assert "none yet" in rows[1]  # the older loop's hire is not the latest loop's decision
