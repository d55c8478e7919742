"""The candidate's feedback pages, public: the token in the URL is the capability. Every response
leaves no referrer, is not indexed and is not cached; guessing and reading are limited apart
(ratelimit.FEEDBACK_LINKS)."""

import logging

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from interviews.reports import feedback as candidate_feedback
from interviews.reports import selectors, services
from interviews.reports.models import FeedbackLink
from interviews.reports.ratelimit import FEEDBACK_LINKS
from interviews.reports.tokens import token_digest, well_formed

logger = logging.getLogger(__name__)

FEEDBACK = "reports/feedback.html"


def private_response(response: HttpResponse) -> HttpResponse:
    """No referrer leaves the page (it would carry the token), no indexing, no caching."""
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex, nofollow, noarchive"
    response["Cache-Control"] = "no-store, private"
    return response


def feedback_page(request, context: dict, status: int = 200) -> HttpResponse:
    return private_response(render(request, FEEDBACK, context, status=status))


def limited(request, reason: str, retry_after: int) -> HttpResponse:
    context = {"state": "limited", "reason": reason, "retry_after": retry_after}
    response = feedback_page(request, context, status=429)
    response["Retry-After"] = str(retry_after)
    return response


def open_link(request, token: str) -> FeedbackLink | HttpResponse:
    """The link behind a token, or the response to send instead (429, 404, 410).

    A token that opens a link spends only that link's reads, so no amount of guessing, from any
    client, keeps its holder out; a token that opens nothing spends the client's guessing budget.
    """
    link = selectors.feedback_link_by_hash(token_digest(token)) if well_formed(token) else None
    if link is None or link.is_revoked:
        guess = FEEDBACK_LINKS.miss(request)
        if not guess.allowed:
            return limited(request, "guessing", guess.retry_after)
        return feedback_page(request, {"state": "missing"}, status=404)
    decision = FEEDBACK_LINKS.read(link.pk)
    if not decision.allowed:
        return limited(request, "reading", decision.retry_after)
    if decision.unavailable:
        # Fail open: Redis is unreachable, so nothing can be counted. A valid link is still served
        # (its 256 random bits are the real guard; the limiter only slows guessing) and the
        # outage is logged. Unknown tokens get their 404 as usual.
        logger.warning("serving feedback link %s without rate limiting (Redis down)", link.pk)
    if link.is_expired():
        return feedback_page(request, {"state": "expired", "link": link}, status=410)
    return link


def feedback_context(link: FeedbackLink, token: str, **extra) -> dict:
    return {
        "state": "ok",
        "feedback": candidate_feedback.feedback_for_link(link),
        "share_level": link.share_level,
        "expires_at": link.expires_at,
        "token": token,
    } | extra


@login_not_required
@require_GET
def feedback(request, token: str):
    link = open_link(request, token)
    if isinstance(link, HttpResponse):
        return link
    services.feedback_link_record_view(link=link)
    return feedback_page(request, feedback_context(link, token))


@login_not_required
@require_GET
def feedback_pdf(request, token: str):
    link = open_link(request, token)
    if isinstance(link, HttpResponse):
        return link
    services.feedback_link_record_view(link=link)
    response = HttpResponse(candidate_feedback.feedback_pdf(link), content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="interview-feedback.pdf"'
    return private_response(response)
