"""The demo that `make run` seeds once: people for every role, three months of past interviews on
the shipped kits (so calibration shows real figures), a candidate mid-loop and one whose loop is
decided. The loops go through the app's own services (scheduling, rating, submitting, the report
build, the decision), so they look exactly as they would in use; the past interviews are modelled
and written in bulk (interviews/synthetic.py), as the calibration tests' are.
"""

import random
from dataclasses import dataclass, field
from datetime import timedelta

from django.contrib.auth.models import Group, User
from django.db import transaction
from django.utils import timezone

from config.roles import CURATOR, HIRING_MANAGER, INTERVIEWER, ensure_roles
from interviews.calibration.services import calibration_refresh
from interviews.models import Interview, Loop, LoopDecision, Scorecard
from interviews.services import (
    InterviewPlan,
    interview_start,
    loop_decide,
    loop_schedule,
    scorecard_submit,
)
from interviews.synthetic import Model, rate_through_services, write_completed_interviews
from questionbank.models import Kit

DEMO_PASSWORD = "loupe-demo"  # noqa: S105  (printed on purpose: these are local demo logins)
# username, first name, last name, role
DEMO_USERS = [
    ("curator", "Carla", "Curator", CURATOR),
    ("ada", "Ada", "Okafor", INTERVIEWER),
    ("grace", "Grace", "Lindqvist", INTERVIEWER),
    ("linus", "Linus", "Moreau", INTERVIEWER),
    ("barbara", "Barbara", "Nakamura", INTERVIEWER),
    ("manager", "Mira", "Manager", HIRING_MANAGER),
]
# Not in a role: the superuser who creates API keys and webhook endpoints (/admin/).
DEMO_ADMIN = "admin"
INTERVIEW_KITS = ["senior-go-concurrency", "senior-go-performance", "go-phone-screen"]
COLLECTION = "senior-go"  # the bank's collection: the interviews before the kits were split
MID_LOOP = ("Sam Candidate", "sam.candidate@example.com")
DECIDED = ("Priya Raman", "priya.raman@example.com")
# Each past interview has two panelists; ten per kit gives every question of it 20 ratings.
PAST_PER_KIT = 10
FIRST = ["Noor", "Mateo", "Yuki", "Olu", "Ines", "Tomas", "Freya", "Arjun", "Lena", "Kofi"]
LAST = ["Haddad", "Silva", "Tanaka", "Adeyemi", "Costa", "Novak", "Berg", "Mehta", "Fischer"]


@dataclass
class DemoSummary:
    users: list[User]
    seeded_now: bool
    mid_loop: Loop | None = None
    live_interview: Interview | None = None
    decided_loop: Loop | None = None
    missing_kits: list[str] = field(default_factory=list)


def demo_seed() -> DemoSummary:
    """Seed the demo once; later calls only make sure the people exist and say where to click."""
    with transaction.atomic():
        ensure_roles()
        users = [demo_user(*row) for row in DEMO_USERS]
        demo_admin()
    existing = Loop.objects.filter(candidate__email=MID_LOOP[1]).first()
    if existing is not None:
        return DemoSummary(
            users=users,
            seeded_now=False,
            mid_loop=existing,
            live_interview=existing.interviews.filter(state=Interview.State.LIVE).first(),
            decided_loop=Loop.objects.filter(candidate__email=DECIDED[1]).first(),
        )
    kits = {kit.slug: kit for kit in Kit.objects.filter(slug__in=[*INTERVIEW_KITS, COLLECTION])}
    missing = [slug for slug in [*INTERVIEW_KITS, COLLECTION] if slug not in kits]
    if missing:
        return DemoSummary(users=users, seeded_now=False, missing_kits=missing)
    people = {user.username: user for user in users}
    past_interviews(kits, people)
    decided = decided_loop(kits, people)
    mid_loop, live = loop_in_progress(kits, people)
    calibration_refresh()
    return DemoSummary(
        users=users, seeded_now=True, mid_loop=mid_loop, live_interview=live, decided_loop=decided
    )


def demo_admin() -> User:
    """A superuser, for what only superusers do: API keys and webhook endpoints in the admin."""
    user, created = User.objects.get_or_create(
        username=DEMO_ADMIN,
        defaults={"first_name": "Demo", "last_name": "Admin", "email": "admin@example.com"},
    )
    if created:
        user.set_password(DEMO_PASSWORD)
    user.is_staff = user.is_superuser = True
    user.save()
    return user


def demo_user(username: str, first: str, last: str, role: str) -> User:
    user, created = User.objects.get_or_create(
        username=username,
        defaults={"first_name": first, "last_name": last, "email": f"{username}@example.com"},
    )
    if created:
        user.set_password(DEMO_PASSWORD)
    # Curators work in the admin, which needs is_staff; nobody else gets it.
    user.is_staff = role == CURATOR
    user.save()
    user.groups.set([Group.objects.get(name=role)])
    return user


def past_interviews(kits: dict[str, Kit], people: dict[str, User]) -> None:
    """Three months of completed interviews: the collection's first (before the kits were split,
    so every question of the bank has ratings), then the three interview kits'."""
    rng = random.Random(2026)  # noqa: S311  (a seeded simulation, not a secret)
    now = timezone.now()
    # Grace rates a little high: calibration's leniency chart has something to show.
    biases = {people[name]: bias for name, bias in (("ada", 0.0), ("grace", 0.45))}
    biases |= {people["linus"]: -0.1, people["barbara"]: 0.05}
    names = iter(f"{first} {last}" for last in LAST for first in FIRST)
    used: list[str] = []

    def candidate(_n: int) -> tuple[str, str]:
        name = next(names)
        used.append(name)
        return name, f"{name.lower().replace(' ', '.')}@candidates.example.com"

    with transaction.atomic():
        for slug, days in ((COLLECTION, (60, 90)), *((s, (2, 60)) for s in INTERVIEW_KITS)):
            kit = kits[slug]
            traits = {
                entry.question_id: (rng.gauss(0, 0.6), rng.uniform(0.8, 1.5))
                for entry in kit.entries.all()
            }
            write_completed_interviews(
                kit=kit,
                model=Model(traits=traits, biases=biases),
                count=PAST_PER_KIT,
                panel=2,
                rng=rng,
                when=lambda days=days: now - timedelta(days=rng.uniform(*days)),
                candidate=candidate,
            )


def interviewed(
    interview: Interview, panel: list[User], levels: list[int], *, notes: str = ""
) -> None:
    """Every panelist rates every question (hearing the signals up to the level), then submits."""
    interview_start(interview=interview)
    for offset, person in enumerate(panel):
        scorecard = Scorecard.objects.get(interview=interview, interviewer=person)
        rate_through_services(
            scorecard,
            level_for=lambda position, offset=offset: max(
                1, min(4, levels[(position - 1) % len(levels)] - offset % 2)
            ),
            notes_for=lambda position: notes if position == 1 else "",
        )
        mean = sum(levels) / len(levels) - offset % 2 / 2
        scorecard_submit(
            scorecard=scorecard,
            recommendation="yes" if mean >= 2.5 else "no",
            level="senior" if mean >= 2.75 else "mid",
            summary="Clear reasoning under follow-ups; see the notes on question 1.",
        )


def plans(kits, people, *rows) -> list[InterviewPlan]:
    now = timezone.now()
    return [
        InterviewPlan(
            kit=kits[slug],
            scheduled_at=now - ago,
            panel=[people[name] for name in panel],
            lead=people[panel[0]],
        )
        for slug, ago, panel in rows
    ]


def decided_loop(kits, people) -> Loop:
    """Priya's loop: a phone screen and a concurrency interview, both reported, and a hire."""
    loop = loop_schedule(
        candidate_name=DECIDED[0],
        candidate_email=DECIDED[1],
        role="Senior Go engineer, payments platform",
        plans=plans(
            kits,
            people,
            ("go-phone-screen", timedelta(days=20), ["linus"]),
            ("senior-go-concurrency", timedelta(days=13), ["ada", "barbara"]),
        ),
        created_by=people["manager"],
    )
    screen, onsite = loop.interviews.order_by("scheduled_at")
    interviewed(screen, [people["linus"]], [3, 3, 4], notes="Fast and precise on slices.")
    interviewed(onsite, [people["ada"], people["barbara"]], [4, 3, 3, 4])
    loop_decide(
        loop=loop,
        outcome=LoopDecision.Outcome.HIRE,
        level="senior",
        reason="Strong on concurrency and correctness in both interviews; the panel agrees.",
        decided_by=people["manager"],
    )
    return loop


def loop_in_progress(kits, people) -> tuple[Loop, Interview]:
    """Sam's loop: the performance interview yesterday (reported), the concurrency one live now."""
    loop = loop_schedule(
        candidate_name=MID_LOOP[0],
        candidate_email=MID_LOOP[1],
        role="Senior Go engineer, platform",
        plans=plans(
            kits,
            people,
            ("senior-go-performance", timedelta(days=1), ["grace", "linus"]),
            ("senior-go-concurrency", timedelta(minutes=5), ["ada", "grace"]),
        ),
        created_by=people["manager"],
    )
    yesterday, today = loop.interviews.order_by("scheduled_at")
    interviewed(
        yesterday,
        [people["grace"], people["linus"]],
        [3, 2, 3, 2, 3, 2],
        notes="Found the leak with a heap profile; hesitant on GOMEMLIMIT.",
    )
    return loop, interview_start(interview=today)
