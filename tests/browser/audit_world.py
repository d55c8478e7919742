"""The pages the accessibility and markup audits walk, on the demo's seeded world (seed_demo over
the shipped kits), each as the person who reads it: the curator, Ada (the lead), Grace (the second
panelist), Mira (the hiring manager), the superuser in the admin, and the candidate (no login).
Some pages more than once: in another state (a report building, or whose rebuild failed; an
expired feedback link), as another reader (tests/browser/audit_urls.py says which URLs, and as
whom), or after a fragment was swapped in (`then`). fragments() lists the htmx fragments the
markup audit checks on their own.
"""

import contextlib
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

from django.contrib.auth.models import User
from django.urls import reverse
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
    # What the browser does on the page before the audit, named for test_accessibility.py's
    # ACTIONS (a refusal swapped into the console, a report's status poll): the fragment is
    # audited in the page it lands in. The markup audit checks those fragments apart (fragments()).
    then: str = ""

    @property
    def title(self) -> str:
        return f"{self.label} ({self.who})"


@dataclass(frozen=True)
class Fragment:
    """An htmx request and the fragment it answers, checked in a minimal document around it."""

    who: str
    label: str
    path: str
    status: int
    data: dict | None = None  # POSTed when given


def seed_world(settle=contextlib.nullcontext) -> SimpleNamespace:
    """The demo as `make run` seeds it, plus what it leaves out: an interview in its lobby (the
    room open before the start), feedback links, a draft revision, a webhook endpoint, an API key.
    `settle` runs the demo's on-commit work (its report builds) inside a test's transaction."""
    from interviews.api.keys import new_key
    from interviews.api.models import ApiKey
    from interviews.demo.seeding import DECIDED, MID_LOOP, demo_seed
    from interviews.models import Interview, Loop
    from interviews.reports.models import FeedbackLink, Report, ReportRequest
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
    expired_link, expired_feedback_token = feedback_link_create(
        created_by=people["manager"],
        expires_at=default_link_expiry(),
        share_level=False,
        report=report,
    )
    # Made a month ago, for a week (a link expires after it was made).
    FeedbackLink.objects.filter(pk=expired_link.pk).update(
        created_at=timezone.now() - timedelta(days=30),
        expires_at=timezone.now() - timedelta(days=23),
    )
    # Two past interviews' reports in the other states a hiring manager sees: one building (a
    # worker has it), one whose rebuild failed (the last good report still shown).
    building, failed = (
        Interview.objects.filter(state=Interview.State.COMPLETED)
        .exclude(pk__in=[reported.pk, onsite.pk])
        .order_by("pk")[:2]
    )
    ReportRequest.objects.create(
        interview=building,
        status=ReportRequest.Status.BUILDING,
        attempts=1,
        started_at=timezone.now(),
    )
    ReportRequest.objects.create(
        interview=failed,
        status=ReportRequest.Status.FAILED,
        reason=ReportRequest.Reason.REBUILD,
        requested_by=people["manager"],
        attempts=3,
        error="WeasyPrint: out of memory",
        finished_at=timezone.now(),
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
        decided=decided,
        live=live,
        building=building,
        failed=failed,
        expired_feedback_token=expired_feedback_token,
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

    def at(
        who, name, label, *args, status: int = 200, form=(), expect: str = "", then: str = ""
    ) -> Page:
        return Page(who, name, reverse(name, args=args), label, status, form, expect, then)

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
        at(
            ANONYMOUS,
            "reports:feedback",
            "feedback: link expired",
            world.expired_feedback_token,
            status=410,
        ),
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
        at(
            "ada",
            "interviews:console",
            "console: a conflict swapped in",
            world.live.pk,
            then="conflict",
        ),
        at("ada", "interviews:console", "console: scheduled", world.lobby.pk),
        at("ada", "interviews:console", "console: submitted", world.onsite.pk),
        at("ada", "rooms:link", "room link", world.live.pk),
        at("ada", "rooms:replay", "pad replay", world.onsite.pk),
        at("ada", "reports:report", "report: the panel's copy", world.onsite.pk),
        at("ada", "questionbank:question_list", "question bank"),
        at("grace", "interviews:home", "home"),
        at("grace", "interviews:console", "console: live, second panelist", world.live.pk),
        at(
            "grace",
            "interviews:console",
            "console: a refusal in the problems area",
            world.live.pk,
            then="problem",
        ),
        at("grace", "calibration:page", "not for interviewers (403 page)", status=403),
        at("manager", "interviews:home", "home"),
        at("manager", "interviews:schedule", "schedule an interview"),
        at("manager", "interviews:loop_schedule_more", "add to a loop", world.mid.pk),
        at("manager", "reports:candidates", "candidates"),
        at("manager", "reports:candidate", "candidate mid-loop", world.mid.candidate_id),
        at(
            "manager",
            "reports:candidate",
            "candidate with a decided loop",
            world.decided.candidate_id,
        ),
        at("manager", "reports:index", "reports"),
        at("manager", "reports:report", "report", world.reported.pk),
        at("manager", "reports:report", "report: rebuild failed", world.failed.pk),
        at(
            "manager",
            "reports:report",
            "report: building, after a status poll",
            world.building.pk,
            then="poll",
        ),
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


def fragments(world: SimpleNamespace) -> list[Fragment]:
    """The htmx fragments a page swaps in, each as its reader gets it: the console's refusals (a
    problem, a conflict) and the report's status poll (building; the last, with the report).
    Ada's first rating on the live interview is changed "in another tab" for the conflict."""
    from interviews.models import Rating

    ratings = Rating.objects.filter(
        scorecard__interview=world.live,
        scorecard__interviewer__username="ada",
        interview_question__position=1,
    )
    version = ratings.get().level_version
    ratings.update(level=4, level_version=version + 1)
    rate_url = reverse("interviews:rate", args=[world.live.pk, 1])
    return [
        # A level outside 1-4.
        Fragment("ada", "console: a problem", rate_url, 422, {"level": 5, "version": version}),
        # Another value on the version this tab last saw.
        Fragment("ada", "console: a conflict", rate_url, 409, {"level": 2, "version": version}),
        Fragment(
            "manager",
            "report: the status poll, building",
            reverse("reports:report", args=[world.building.pk]),
            200,
        ),
        Fragment(
            "manager",
            "report: the last status poll, with the report",
            reverse("reports:report", args=[world.reported.pk]),
            286,
        ),
    ]
