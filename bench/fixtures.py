"""What the HTTP load needs besides the completed interviews of generate_synthetic_interviews.

Runs in bench.run's process (Django set up on the benchmark database), through the same services
the app uses: 50 interviewers each alone on a live interview of a 20-question kit, a hiring
manager, a ready report with a feedback link, and a logged-in session for each person, created
server-side (SessionStore and the auth session keys) so that no password hashing is involved.
"""

from dataclasses import asdict, dataclass
from datetime import timedelta
from importlib import import_module

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth.models import Group, User
from django.utils import timezone
from django.utils.module_loading import import_string

from config.roles import HIRING_MANAGER, INTERVIEWER, ensure_roles
from interviews.api.keys import new_key
from interviews.api.models import ApiKey, Scope
from interviews.models import Interview
from interviews.reports.services import (
    feedback_link_create,
    report_build,
    report_request_create,
)
from interviews.services import interview_schedule, interview_start
from interviews.synthetic import synthetic_kit
from questionbank.services import RevisionContent


@dataclass
class Seat:
    """One load-generator login: a user's session cookie and the interview it scores. Not the
    Panelist model: a bench-only record the load generator reads from the fixtures file."""

    username: str
    interview: int
    session: str


@dataclass
class Fixtures:
    questions: int
    seats: list[Seat]
    manager_session: str
    feedback_path: str | None
    feedback_note: str
    # The API phase: a read key, and the `updated_since` that the integration's first sync sends
    # (every interview changed since the oldest change: the first page of all of them).
    api_key: str = ""
    api_since: str = ""

    def as_dict(self) -> dict:
        return asdict(self)


def session_for(user: User) -> str:
    """A logged-in session, as django.contrib.auth.login would store it."""
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    # The backend that signs users in: axes's (first in the list) only refuses, and loads nobody.
    store[BACKEND_SESSION_KEY] = next(
        path
        for path in settings.AUTHENTICATION_BACKENDS
        if hasattr(import_string(path), "get_user")
    )
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return store.session_key


def user_with_role(username: str, role: str) -> User:
    user = User.objects.create_user(
        username=username, first_name="Bench", last_name=username, email=f"{username}@example.com"
    )
    user.groups.add(Group.objects.get(name=role))
    return user


def bench_revision(index: int) -> RevisionContent:
    return RevisionContent(
        title=f"Bench question {index}",
        prompt=f"Explain thing {index}.\n\n```go\nfunc f{index}() {{}}\n```",
        guidance="Listen for the runtime details.",
        expected_minutes=5,
        anchors={1: "No signal.", 2: "Mid-level.", 3: "Senior.", 4: "Exceptional."},
        signals=[(2, f"Names A of {index}"), (3, f"Explains B of {index}")],
        red_flags=[f"Confuses {index} with something else"],
        follow_ups=["What if it blocks?", "How would you measure it?"],
    )


def feedback_link(manager: User) -> tuple[str | None, str]:
    """A ready report for one completed interview and a feedback link to it."""
    interview = Interview.objects.filter(state=Interview.State.COMPLETED).order_by("pk").first()
    if interview is None:
        return None, "no completed interview to report on"
    request = report_request_create(interview_id=interview.pk)
    report = report_build(request_id=request.pk)
    if report is None:
        return None, f"the report of interview {interview.pk} did not build"
    _, token = feedback_link_create(
        report=report,
        created_by=manager,
        expires_at=timezone.now() + timedelta(days=1),
        share_level=True,
    )
    return f"/feedback/{token}/", f"report of interview {interview.pk}"


def api_key(manager: User) -> tuple[str, str]:
    made = new_key()
    ApiKey.objects.create(
        name="bench", prefix=made.prefix, key_hash=made.digest, scopes=[Scope.READ],
        created_by=manager,
    )  # fmt: skip
    oldest = Interview.objects.order_by("updated_at").values_list("updated_at", flat=True).first()
    return made.key, (oldest or timezone.now()).isoformat()


def build(*, tag: str, interviewers: int = 50, questions: int = 20) -> Fixtures:
    ensure_roles()
    kit = synthetic_kit(slug=f"bench-{tag}", questions=questions, revision=bench_revision)
    now = timezone.now()
    seats = []
    for index in range(interviewers):
        user = user_with_role(f"bench-{tag}-{index:02d}", INTERVIEWER)
        interview = interview_schedule(
            candidate_name=f"Bench candidate {index}",
            candidate_email=f"bench-{tag}-{index:02d}@candidates.example.com",
            kit=kit,
            scheduled_at=now,
            panel=[user],
            lead=user,
        )
        interview_start(interview=interview)
        session = session_for(user)
        seats.append(Seat(username=user.username, interview=interview.pk, session=session))
    manager = user_with_role(f"bench-{tag}-manager", HIRING_MANAGER)
    path, note = feedback_link(manager)
    key, since = api_key(manager)
    return Fixtures(
        questions=questions,
        seats=seats,
        manager_session=session_for(manager),
        feedback_path=path,
        feedback_note=note,
        api_key=key,
        api_since=since,
    )
