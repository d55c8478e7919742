"""The pages the accessibility and markup audits walk, on the demo's seeded world (seed_demo over
the shipped kits), each as the person who reads it: the curator, Ada (the lead), Grace (the second
panelist), Mira (the hiring manager), the superuser in the admin, and the candidate (no login).

WALKED and NOT_WALKED between them name every URL of the URLconfs (test_audit_covers_every_url
checks it), so a new page is walked or is listed here with the reason it is not.
"""

import contextlib
import re
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

from django.contrib.auth.models import User
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

ROOT = Path(__file__).resolve().parents[2]
SHIPPED_KITS = ROOT / "questionbank" / "kits" / "senior-go.yaml"
ANONYMOUS = "anonymous"  # no login: the sign-in pages and the candidate's capability links


@dataclass(frozen=True)
class Page:
    who: str  # a username of the demo, or ANONYMOUS
    name: str  # the URL's name, as WALKED lists it
    path: str
    label: str  # what state of the page this is, for the report
    status: int = 200  # what the server answers (a closed room's 410 is a page too)
    # An admin form to fill and save: the page audited is the answer (the API key shown once).
    form: tuple[tuple[str, str], ...] = ()
    expect: str = ""  # text the answer holds: the form was saved, not shown again with errors

    @property
    def title(self) -> str:
        return f"{self.label} ({self.who})"


POST_ONLY = "POST only: it answers a form with a redirect or a fragment of a walked page"
NOT_HTML = "not an HTML page"
NOT_WALKED: dict[str, str] = {
    "healthz": NOT_HTML,
    "logout": POST_ONLY,
    "oidc_start": "a redirect to the OpenID provider (only with OIDC_ISSUER set)",
    "oidc_callback": "a redirect back from the OpenID provider (only with OIDC_ISSUER set)",
    "interviews:start": POST_ONLY,
    "interviews:reschedule": POST_ONLY,
    "interviews:go": POST_ONLY,
    "interviews:rate": POST_ONLY,
    "interviews:skip": POST_ONLY,
    "interviews:signals": POST_ONLY,
    "interviews:notes": POST_ONLY,
    "interviews:presence": POST_ONLY,
    "interviews:submit": POST_ONLY,
    "interviews:amend": POST_ONLY,
    "calibration:refresh": POST_ONLY,
    "reports:loop_decision": POST_ONLY,
    "reports:loop_link_create": POST_ONLY,
    "reports:rebuild": POST_ONLY,
    "reports:link_create": POST_ONLY,
    "reports:link_revoke": POST_ONLY,
    "reports:link_expiry": POST_ONLY,
    "reports:report_pdf": NOT_HTML + " (PDF)",
    "reports:feedback_pdf": NOT_HTML + " (PDF)",
    "reports:scorecards_json": NOT_HTML + " (JSON)",
    "reports:scorecards_csv": NOT_HTML + " (CSV)",
    "rooms:regenerate": POST_ONLY,
    "rooms:end": POST_ONLY,
    "admin:logout": POST_ONLY,
    "admin:login": "redirects to /login/ (config/signin.admin_login), which is walked",
    "admin:jsi18n": NOT_HTML + " (JavaScript)",
    "admin:autocomplete": NOT_HTML + " (JSON)",
    "admin:view_on_site": "a redirect",
    "admin:questionbank_question_new_revision": POST_ONLY,
    "admin:questionbank_questionrevision_publish": POST_ONLY,
    "admin:password_change": "Django's own admin page (the app's /password/ is walked)",
    "admin:password_change_done": "Django's own admin page (the app's is walked)",
}
# Whole families, by pattern: Django's stock admin pages for models we do not customise, and the
# stock history and delete confirmations; the JSON API (its docs page is walked).
NOT_WALKED_PATTERNS: dict[str, str] = {
    r"admin:(auth|axes|account|socialaccount)_": "stock admin of Django, django-axes, allauth",
    r"admin:.*_(history|delete)$": "Django's stock history and delete confirmation pages",
    r"admin:.*_add$": "an add form like its model's change form, which is walked",
    r"api:(?!openapi-view$)": NOT_HTML + " (the JSON API)",
}
WALKED = {
    "login",
    "break_glass",
    "password_change",
    "password_change_done",
    "admin_login",
    "admin:index",
    "admin:app_list",
    "admin:questionbank_question_changelist",
    "admin:questionbank_question_add",
    "admin:questionbank_question_change",
    "admin:questionbank_question_import",
    "admin:questionbank_question_revisions",
    "admin:questionbank_questionrevision_changelist",
    "admin:questionbank_questionrevision_change",
    "admin:questionbank_questionrevision_preview",
    "admin:questionbank_kit_changelist",
    "admin:questionbank_kit_change",
    "admin:questionbank_topic_changelist",
    "admin:questionbank_topic_change",
    "admin:reports_reportrequest_changelist",
    "admin:reports_reportrequest_change",
    "admin:reports_feedbacklink_changelist",
    "admin:reports_feedbacklink_change",
    "admin:webhooks_endpoint_changelist",
    "admin:webhooks_endpoint_add",
    "admin:webhooks_endpoint_change",
    "admin:webhooks_delivery_changelist",
    "admin:webhooks_delivery_change",
    "admin:webhooks_event_changelist",
    "admin:webhooks_event_change",
    "admin:api_apikey_changelist",
    "admin:api_apikey_change",
    "admin:api_apikey_add",
    "api:openapi-view",
    "questionbank:question_list",
    "questionbank:question_detail",
    "interviews:home",
    "interviews:schedule",
    "interviews:loop_schedule_more",
    "interviews:console",
    "calibration:page",
    "reports:index",
    "reports:candidates",
    "reports:candidate",
    "reports:report",
    "reports:feedback",
    "rooms:link",
    "rooms:room",
    "rooms:replay",
}


def url_names() -> set[str]:
    """Every named URL of the URLconfs, namespaced."""

    def walk(patterns, namespace: str = ""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = pattern.namespace or ""
                prefix = f"{namespace}:{inner}" if namespace and inner else namespace or inner
                yield from walk(pattern.url_patterns, prefix)
            elif isinstance(pattern, URLPattern) and pattern.name:
                yield f"{namespace}:{pattern.name}" if namespace else pattern.name

    return set(walk(get_resolver().url_patterns))


def why_not_walked(name: str) -> str | None:
    if name in NOT_WALKED:
        return NOT_WALKED[name]
    return next((why for rx, why in NOT_WALKED_PATTERNS.items() if re.match(rx, name)), None)


def seed_world(settle=contextlib.nullcontext) -> SimpleNamespace:
    """The demo as `make run` seeds it, plus what it leaves out: an interview in its lobby (the
    room open before the start), feedback links, a draft revision, a webhook endpoint, an API key.
    `settle` runs the demo's on-commit work (its report builds) inside a test's transaction."""
    from interviews.api.keys import new_key
    from interviews.api.models import ApiKey
    from interviews.demo.seeding import DECIDED, MID_LOOP, demo_seed
    from interviews.models import Interview, Loop
    from interviews.reports.models import Report
    from interviews.reports.services import default_link_expiry, feedback_link_create
    from interviews.rooms.services import room_end, room_for_interview
    from interviews.services import interview_schedule
    from interviews.webhooks.models import Delivery, Endpoint, Event
    from questionbank.importer import import_sources
    from questionbank.models import Kit, Question
    from questionbank.services import revision_draft_open

    with settle():
        import_sources([(SHIPPED_KITS.name, SHIPPED_KITS.read_bytes())])
        demo = demo_seed()
    people = {user.username: user for user in User.objects.all()}
    mid = Loop.objects.get(candidate__email=MID_LOOP[1])
    decided = Loop.objects.get(candidate__email=DECIDED[1])
    live = demo.live_interview
    reported = mid.interviews.get(state=Interview.State.COMPLETED)
    onsite = decided.interviews.filter(panelists__user=people["ada"]).get()
    lobby = interview_schedule(
        kit=Kit.objects.get(slug="go-phone-screen"),
        scheduled_at=timezone.now() + timedelta(minutes=10),
        panel=[people["ada"]],
        lead=people["ada"],
        loop=mid,
        created_by=people["manager"],
    )
    later = interview_schedule(
        kit=Kit.objects.get(slug="go-phone-screen"),
        scheduled_at=timezone.now() + timedelta(days=2),
        panel=[people["grace"]],
        lead=people["grace"],
        loop=mid,
        created_by=people["manager"],
    )
    onsite_room, ended_room_token = room_for_interview(interview=onsite)
    room_end(room=onsite_room, by=people["ada"])
    report = Report.objects.filter(interview=reported).latest("pk")
    _, feedback_token = feedback_link_create(
        created_by=people["manager"],
        expires_at=default_link_expiry(),
        share_level=True,
        report=report,
    )
    _, loop_feedback_token = feedback_link_create(
        created_by=people["manager"],
        expires_at=default_link_expiry(),
        share_level=False,
        loop=decided,
    )
    question = Question.objects.filter(current_revision__isnull=False).order_by("slug").first()
    draft, _ = revision_draft_open(question=question)
    endpoint = Endpoint.objects.create(
        url="https://ats.example.com/hooks/loupe", description="ATS", events=["report.ready"]
    )
    # A delivery that failed once: the admin shows its attempts and error.
    event = Event.objects.create(type="report.ready", body='{"type": "report.ready"}')
    delivery = Delivery.objects.create(
        event=event, endpoint=endpoint, attempts=1, last_response_code=503, last_error="503"
    )
    made = new_key()
    key = ApiKey.objects.create(
        name="ATS sync",
        prefix=made.prefix,
        key_hash=made.digest,
        scopes=["read"],
        created_by=people["admin"],
    )
    return SimpleNamespace(
        event=event,
        delivery=delivery,
        key=key,
        people=people,
        mid=mid,
        live=live,
        reported=reported,
        onsite=onsite,
        lobby=lobby,
        live_room_token=room_for_interview(interview=live)[1],
        lobby_room_token=room_for_interview(interview=lobby)[1],
        ended_room_token=ended_room_token,
        closed_room_token=room_for_interview(interview=later)[1],
        feedback_token=feedback_token,
        loop_feedback_token=loop_feedback_token,
        question=question,
        draft=draft,
        report=report,
        endpoint=endpoint,
        kit=Kit.objects.get(slug="senior-go-concurrency"),
    )


def pages(world: SimpleNamespace) -> list[Page]:
    """Every page to audit, as the person who reads it, in the order a browser walks them (one
    login per person)."""
    from django.contrib.auth import get_user_model

    from config.signin import break_glass_token
    from interviews.reports.models import FeedbackLink, ReportRequest
    from questionbank.models import Topic

    def at(who, name, label, *args, status: int = 200, form=(), expect: str = "") -> Page:
        return Page(who, name, reverse(name, args=args), label, status, form, expect)

    admin_user = get_user_model().objects.get(username="admin")
    listed = [
        at(ANONYMOUS, "login", "sign-in"),
        at(ANONYMOUS, "admin_login", "the admin's sign-in (redirects to it)"),
        at(ANONYMOUS, "break_glass", "break-glass sign-in", break_glass_token(admin_user)),
        at(ANONYMOUS, "break_glass", "break-glass refused", "not-a-token", status=403),
        at(ANONYMOUS, "rooms:room", "room: lobby", world.lobby_room_token),
        at(ANONYMOUS, "rooms:room", "room: live, on a question", world.live_room_token),
        at(ANONYMOUS, "rooms:room", "room: ended", world.ended_room_token),
        at(ANONYMOUS, "rooms:room", "room: not open yet", world.closed_room_token, status=410),
        at(ANONYMOUS, "rooms:room", "room: link not found", "x" * 43, status=404),
        at(ANONYMOUS, "reports:feedback", "feedback: one report", world.feedback_token),
        at(ANONYMOUS, "reports:feedback", "feedback: a loop", world.loop_feedback_token),
        at(ANONYMOUS, "reports:feedback", "feedback: link not found", "x" * 43, status=404),
        at(ANONYMOUS, "api:openapi-view", "API docs (Swagger UI)"),
        at("curator", "interviews:home", "home"),
        at("curator", "questionbank:question_list", "question bank"),
        at("curator", "questionbank:question_detail", "question card", world.question.slug),
        at("curator", "calibration:page", "calibration"),
        at("curator", "password_change", "password change"),
        at("curator", "password_change_done", "password changed"),
        at("curator", "admin:index", "admin index"),
        at("curator", "admin:app_list", "admin: question bank app", "questionbank"),
        at("curator", "admin:questionbank_question_changelist", "admin: questions"),
        at("curator", "admin:questionbank_question_add", "admin: add question"),
        at("curator", "admin:questionbank_question_change", "admin: question", world.question.pk),
        at("curator", "admin:questionbank_question_import", "admin: YAML import"),
        at(
            "curator",
            "admin:questionbank_question_revisions",
            "admin: revision history",
            world.question.pk,
        ),
        at("curator", "admin:questionbank_questionrevision_changelist", "admin: revisions"),
        at(
            "curator",
            "admin:questionbank_questionrevision_change",
            "admin: draft revision",
            world.draft.pk,
        ),
        at(
            "curator",
            "admin:questionbank_questionrevision_change",
            "admin: published revision (read only)",
            world.question.current_revision_id,
        ),
        at(
            "curator",
            "admin:questionbank_questionrevision_preview",
            "admin: revision preview",
            world.question.current_revision_id,
        ),
        at("curator", "admin:questionbank_kit_changelist", "admin: kits"),
        at("curator", "admin:questionbank_kit_change", "admin: kit", world.kit.pk),
        at("curator", "admin:questionbank_topic_changelist", "admin: topics"),
        at("curator", "admin:questionbank_topic_change", "admin: topic", Topic.objects.first().pk),
        at("ada", "interviews:home", "home"),
        at("ada", "interviews:console", "console: live, lead", world.live.pk),
        at("ada", "interviews:console", "console: scheduled", world.lobby.pk),
        at("ada", "interviews:console", "console: submitted", world.onsite.pk),
        at("ada", "rooms:link", "room link", world.live.pk),
        at("ada", "rooms:replay", "pad replay", world.onsite.pk),
        at("ada", "questionbank:question_list", "question bank"),
        at("grace", "interviews:home", "home"),
        at("grace", "interviews:console", "console: live, second panelist", world.live.pk),
        at("grace", "calibration:page", "not for interviewers (403 page)", status=403),
        at("manager", "interviews:home", "home"),
        at("manager", "interviews:schedule", "schedule an interview"),
        at("manager", "interviews:loop_schedule_more", "add to a loop", world.mid.pk),
        at("manager", "reports:candidates", "candidates"),
        at("manager", "reports:candidate", "candidate mid-loop", world.mid.candidate_id),
        at("manager", "reports:index", "reports"),
        at("manager", "reports:report", "report", world.reported.pk),
        at("manager", "calibration:page", "calibration"),
        at("manager", "rooms:link", "room link", world.live.pk),
        at("manager", "rooms:replay", "pad replay", world.reported.pk),
        at("admin", "admin:api_apikey_changelist", "admin: API keys"),
        at("admin", "admin:api_apikey_add", "admin: new API key"),
        at(
            "admin",
            "admin:api_apikey_add",
            "admin: API key created (shown once)",
            form=(("name", "Greenhouse"), ("scopes", "read")),
            expect="API key for “Greenhouse”",
        ),
        at("admin", "admin:webhooks_endpoint_changelist", "admin: webhook endpoints"),
        at("admin", "admin:webhooks_endpoint_add", "admin: new webhook endpoint"),
        at("admin", "admin:webhooks_endpoint_change", "admin: endpoint", world.endpoint.pk),
        at("admin", "admin:api_apikey_change", "admin: API key", world.key.pk),
        at("admin", "admin:webhooks_delivery_changelist", "admin: deliveries"),
        at("admin", "admin:webhooks_delivery_change", "admin: delivery", world.delivery.pk),
        at("admin", "admin:webhooks_event_changelist", "admin: events"),
        at("admin", "admin:webhooks_event_change", "admin: event", world.event.pk),
        at("admin", "admin:reports_reportrequest_changelist", "admin: report requests"),
        at(
            "admin",
            "admin:reports_reportrequest_change",
            "admin: report request",
            ReportRequest.objects.first().pk,
        ),
        at("admin", "admin:reports_feedbacklink_changelist", "admin: feedback links"),
        at(
            "admin",
            "admin:reports_feedbacklink_change",
            "admin: feedback link",
            FeedbackLink.objects.first().pk,
        ),
    ]
    return listed
