"""A loop's decision means what it says: a no-hire carries no level, and a decision taken while
interviews of the loop are still scheduled or live is a deliberate act, named and kept in the
history."""

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from interviews.models import LoopDecision
from interviews.services import interview_cancel
from tests.reports.test_candidate_page import two_interview_loop


def decide(client, loop, **data):
    return client.post(reverse("reports:loop_decision", args=[loop.pk]), data)


def test_a_no_hire_at_a_level_is_refused_naming_the_level_field(client, cast):
    loop, _, second = two_interview_loop(cast)
    interview_cancel(interview=second)
    client.force_login(cast.manager)
    response = decide(client, loop, outcome="no_hire", level="senior", reason="hmm")
    assert response.status_code == 422
    assert "level: A no-hire has no level: choose “No level (no hire)”." in (
        response.content.decode()
    )
    assert not LoopDecision.objects.exists()


def test_a_no_hire_at_a_level_is_refused_on_htmx_too(client, cast):
    loop, _, second = two_interview_loop(cast)
    interview_cancel(interview=second)
    client.force_login(cast.manager)
    response = client.post(
        reverse("reports:loop_decision", args=[loop.pk]),
        {"outcome": "no_hire", "level": "senior", "reason": "hmm"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 422  # the fragment swaps: base.html's htmx config
    assert "A no-hire has no level" in response.content.decode()
    assert not LoopDecision.objects.exists()


def test_the_database_refuses_a_no_hire_with_a_level(cast):
    loop, _, _ = two_interview_loop(cast)
    with pytest.raises(IntegrityError), transaction.atomic():
        LoopDecision.objects.create(
            loop=loop,
            outcome="no_hire",
            level="senior",
            reason="x",
            decided_by=cast.manager,
            decided_at=timezone.now(),
        )


def test_a_decision_while_an_interview_is_live_is_refused_naming_it(client, cast):
    loop, _, _ = two_interview_loop(cast)
    client.force_login(cast.manager)
    response = decide(client, loop, outcome="hire", level="senior", reason="Strong.")
    assert response.status_code == 422
    body = response.content.decode()
    assert "1 interview of the loop is still open: Kit day-two" in body
    assert "(live)" in body
    assert "tick “decide with interviews still open”" in body
    assert not LoopDecision.objects.exists()


def test_the_page_warns_of_open_interviews_and_offers_the_confirmation(client, cast):
    loop, _, _ = two_interview_loop(cast)
    client.force_login(cast.manager)
    body = client.get(reverse("reports:candidate", args=[loop.candidate_id])).content.decode()
    assert "1 interview of this loop is still open: Kit day-two" in body
    assert 'name="decide_with_open_interviews"' in body


def test_a_deliberate_decision_with_interviews_open_is_kept_and_shown_in_the_history(client, cast):
    loop, _, _ = two_interview_loop(cast)
    client.force_login(cast.manager)
    response = decide(
        client,
        loop,
        outcome="hire",
        level="senior",
        reason="Enough evidence already.",
        decide_with_open_interviews="on",
    )
    assert response.status_code == 302
    decision = LoopDecision.objects.get()
    assert decision.open_interviews.startswith("Kit day-two, ")
    assert decision.open_interviews.endswith("(live)")
    body = client.get(reverse("reports:candidate", args=[loop.candidate_id])).content.decode()
    assert "Decided with interviews still open: Kit day-two" in body


def test_once_the_open_interviews_are_cancelled_no_confirmation_is_needed(client, cast):
    loop, _, second = two_interview_loop(cast)
    interview_cancel(interview=second)
    client.force_login(cast.manager)
    response = decide(client, loop, outcome="hire", level="senior", reason="Strong.")
    assert response.status_code == 302
    decision = LoopDecision.objects.get()
    assert decision.open_interviews == ""
    body = client.get(reverse("reports:candidate", args=[loop.candidate_id])).content.decode()
    assert "still open" not in body
