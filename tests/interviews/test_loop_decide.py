"""loop_decide records a loop's hiring decision; a change of mind is a new row with its reason, so
the history says who decided what, when and why. Bad input is named and changes nothing."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from interviews.models import LoopDecision
from interviews.services import loop_decide
from tests.reports.builders import enqueue_disabled, make_interview, make_kit, rate, submit


@pytest.fixture
def completed_loop(cast):
    interview = make_interview(kit=make_kit(questions=1), panel=[cast.ada])
    rate(interview, cast.ada, [3])
    with enqueue_disabled():
        submit(interview, cast.ada)
    return interview.loop


def test_it_records_the_decision_with_who_and_when(completed_loop, cast):
    decision = loop_decide(
        loop=completed_loop,
        outcome="hire",
        level="senior",
        reason="Strong on both days.",
        decided_by=cast.manager,
    )
    assert (decision.outcome, decision.level, decision.decided_by) == (
        "hire",
        "senior",
        cast.manager,
    )
    assert decision.decided_at is not None


def test_a_change_keeps_the_history_with_each_reason(completed_loop, cast):
    loop_decide(
        loop=completed_loop,
        outcome="hire",
        level="senior",
        reason="Strong.",
        decided_by=cast.manager,
    )
    loop_decide(
        loop=completed_loop,
        outcome="no_hire",
        level="",
        reason="Reference check.",
        decided_by=cast.manager,
    )
    history = list(completed_loop.decisions.order_by("-decided_at", "-id"))
    assert [(d.outcome, d.reason) for d in history] == [
        ("no_hire", "Reference check."),
        ("hire", "Strong."),
    ]


@pytest.mark.parametrize(
    ("outcome", "level", "reason", "message"),
    [
        ("hire", "senior", "   ", "A decision needs a reason."),
        ("hire", "", "Good.", "A hire needs the level it is at."),
        ("maybe", "", "Hmm.", "Choose hire or no hire."),
        ("hire", "principal", "Good.", "'principal' is not a level."),
        ("no_hire", "senior", "Hmm.", "A no-hire has no level"),
    ],
)
def test_bad_input_is_named_and_changes_nothing(
    completed_loop, cast, outcome, level, reason, message
):
    with pytest.raises(ValidationError, match=message):
        loop_decide(
            loop=completed_loop,
            outcome=outcome,
            level=level,
            reason=reason,
            decided_by=cast.manager,
        )
    assert not LoopDecision.objects.exists()


def test_the_same_decision_again_is_refused_as_no_change(completed_loop, cast):
    loop_decide(
        loop=completed_loop, outcome="no_hire", level="", reason="Not yet.", decided_by=cast.manager
    )
    with pytest.raises(ValidationError, match="already no hire: nothing changed"):
        loop_decide(
            loop=completed_loop,
            outcome="no_hire",
            level="",
            reason="Still not.",
            decided_by=cast.manager,
        )
    assert LoopDecision.objects.count() == 1


def test_a_loop_without_a_completed_interview_cannot_be_decided(cast):
    loop = make_interview(kit=make_kit(questions=1), panel=[cast.ada]).loop
    with pytest.raises(ValidationError, match="once at least one interview is completed"):
        loop_decide(
            loop=loop, outcome="no_hire", level="", reason="Too early.", decided_by=cast.manager
        )


def test_the_database_refuses_a_decision_without_a_reason(completed_loop, cast):
    with pytest.raises(IntegrityError), transaction.atomic():
        LoopDecision.objects.create(
            loop=completed_loop,
            outcome="no_hire",
            reason="",
            decided_by=cast.manager,
            decided_at=completed_loop.created_at,
        )
