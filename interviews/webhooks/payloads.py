"""The thin payloads: the event's type and time, ids, and the API URLs to fetch the rest.

A payload never carries names, notes, ratings or anything else an integrator should read through
the API with a key and its scopes: whoever holds an endpoint's URL logs sees only ids.
The API paths are the JSON API's (/api/v1/...); kept here, in one place.
"""

import json
from datetime import datetime

from django.conf import settings

from interviews.models import Interview, LoopDecision, Scorecard
from interviews.reports.models import FeedbackLink, Report
from interviews.webhooks.models import EventType

API = "/api/v1"


def api_url(path: str) -> str:
    """Absolute when SITE_URL is set (an integrator calls it from elsewhere), else a path."""
    return f"{settings.SITE_URL.rstrip('/')}{API}{path}"


def interview_refs(interview: Interview) -> dict:
    return {
        "interview_id": interview.pk,
        "loop_id": interview.loop_id,
        "candidate_id": interview.candidate_id,
        "interview_url": api_url(f"/interviews/{interview.pk}"),
        "loop_url": api_url(f"/loops/{interview.loop_id}"),
        "candidate_url": api_url(f"/candidates/{interview.candidate_id}"),
    }


def interview_scheduled(*, interview_id: int) -> dict:
    interview = Interview.objects.get(pk=interview_id)
    return interview_refs(interview) | {"scheduled_at": interview.scheduled_at.isoformat()}


def interview_completed(*, interview_id: int) -> dict:
    return interview_refs(Interview.objects.get(pk=interview_id))


def scorecard_submitted(*, interview_id: int, scorecard_id: int) -> dict:
    scorecard = Scorecard.objects.select_related("interview").get(pk=scorecard_id)
    return interview_refs(scorecard.interview) | {
        "scorecard_id": scorecard.pk,
        "scorecard_url": api_url(f"/scorecards/{scorecard.pk}"),
    }


def report_ready(*, report_id: int, interview_id: int) -> dict:
    report = Report.objects.select_related("interview").get(pk=report_id)
    return interview_refs(report.interview) | {
        "report_id": report.pk,
        "report_url": api_url(f"/interviews/{report.interview_id}/report"),
    }


def decision_recorded(*, loop_id: int, decision_id: int) -> dict:
    decision = LoopDecision.objects.select_related("loop").get(pk=decision_id, loop_id=loop_id)
    loop = decision.loop
    return {
        "loop_id": loop.pk,
        "candidate_id": loop.candidate_id,
        "decision_id": decision.pk,
        "loop_url": api_url(f"/loops/{loop.pk}"),
        "candidate_url": api_url(f"/candidates/{loop.candidate_id}"),
    }


def feedback_link_viewed(*, link_id: int) -> dict:
    link = FeedbackLink.objects.select_related("report").get(pk=link_id)
    # The API creates and revokes links but has no page for one: the ids and what it covers.
    data: dict = {"feedback_link_id": link.pk}
    if link.loop_id:
        data |= {"loop_id": link.loop_id, "loop_url": api_url(f"/loops/{link.loop_id}")}
    else:
        data |= {"interview_id": link.report.interview_id, "report_id": link.report_id}
        data["interview_url"] = api_url(f"/interviews/{link.report.interview_id}")
    return data


BUILDERS = {
    EventType.INTERVIEW_SCHEDULED: interview_scheduled,
    EventType.SCORECARD_SUBMITTED: scorecard_submitted,
    EventType.INTERVIEW_COMPLETED: interview_completed,
    EventType.REPORT_READY: report_ready,
    EventType.DECISION_RECORDED: decision_recorded,
    EventType.FEEDBACK_LINK_VIEWED: feedback_link_viewed,
}


def body(event_type: str, *, webhook_id: str, at: datetime, **refs) -> str:
    """The JSON text sent: Standard Webhooks' envelope (type, timestamp, data)."""
    envelope = {
        "type": event_type,
        "timestamp": at.isoformat(),
        "id": webhook_id,
        "data": BUILDERS[event_type](**refs),
    }
    return json.dumps(envelope, separators=(",", ":"), sort_keys=True)
