"""The only doors into reports, feedback links and scorecard exports. Anyone else gets a 404:
that a report (or a candidate) exists is itself not theirs to know."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from interviews.models import Candidate, Interview, Scorecard
from interviews.reports.models import FeedbackLink
from interviews.selectors import holds_open_scorecard

VIEW_REPORT = "interviews.view_report"
MANAGE_LINKS = "interviews.manage_feedback_link"


@dataclass(frozen=True)
class ReportReader:
    interview: Interview
    # Hiring managers (view_report): status, rebuild, export.
    is_manager: bool
    # Panelists who have submitted their own scorecard: the panel's notes too.
    is_panelist: bool
    can_manage_links: bool


def report_for_reader(
    user, interview_pk: int, *, manager: bool = False, links: bool = False
) -> ReportReader:
    """Hiring managers, and panelists once their own scorecard is submitted; 404 for anyone else.

    manager=True: hiring managers only (rebuild, export); links=True: those who also manage
    feedback links.
    """
    is_manager = user.has_perm(VIEW_REPORT)
    can_manage_links = is_manager and user.has_perm(MANAGE_LINKS)
    if (manager and not is_manager) or (links and not can_manage_links):
        raise Http404("No report here.")
    interview = get_object_or_404(
        Interview.objects.select_related("candidate", "kit"), pk=interview_pk
    )
    is_panelist = Scorecard.objects.filter(
        interview=interview, interviewer_id=user.pk, submitted_at__isnull=False
    ).exists()
    if not (is_manager or is_panelist):
        raise Http404("No report here.")
    refuse_while_scoring(user, loop_ids=[interview.loop_id])
    return ReportReader(
        interview=interview,
        is_manager=is_manager,
        is_panelist=is_panelist,
        can_manage_links=can_manage_links,
    )


def link_for_manager(user, link_pk: int) -> FeedbackLink:
    if not (user.has_perm(VIEW_REPORT) and user.has_perm(MANAGE_LINKS)):
        raise Http404("No such link.")
    return get_object_or_404(
        FeedbackLink.objects.select_related("report__interview", "loop"), pk=link_pk
    )


def candidate_for_auditor(user, candidate_pk: int) -> Candidate:
    """The candidate page and the consolidated scorecard export: hiring managers only. (What they
    show leaves out every loop in which the reader still has a scorecard to submit.)"""
    if not user.has_perm(VIEW_REPORT):
        raise Http404("No such candidate.")
    return get_object_or_404(Candidate, pk=candidate_pk)


class StillScoring(PermissionDenied):
    """The reader sits on a panel of this loop and has not submitted: blind scoring holds."""


def refuse_while_scoring(user, *, loop_ids) -> None:
    if holds_open_scorecard(user.pk, loop_ids=loop_ids):
        raise StillScoring(
            "Submit your own scorecard first: while you score an interview of this loop, its "
            "other interviews' reports, scorecards and notes stay hidden from you."
        )
