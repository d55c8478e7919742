"""Synthetic data: generated kits, and completed interviews drawn from a known model.

Used by the calibration tests (which check that the analytics find what was planted), the demo
(seed_demo), the benchmark (bench/) and `manage.py generate_synthetic_interviews`. Nothing here
runs in a request.

Each candidate has a latent ability, each question a difficulty and a discrimination, each
interviewer a bias. A rating is the rounded, clamped value of
    2.5 + discrimination * (ability - difficulty) + bias + noise.
Planted on purpose: one lenient interviewer, one question that does not discriminate, one question
nearly everyone aces. Tests check that the analytics find what was planted.
"""

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.auth.models import Group, User
from django.db import transaction
from django.utils import timezone

from config.roles import INTERVIEWER, ensure_roles
from interviews.models import (
    Candidate,
    Interview,
    InterviewQuestion,
    Loop,
    Panelist,
    Rating,
    Scorecard,
)
from interviews.services import (
    Rater,
    rating_save_level,
    rating_save_notes,
    rating_save_signals,
    rating_skip,
)
from questionbank.models import Kit, KitQuestion, Question, Topic
from questionbank.rules import SLOT_MAX_MINUTES
from questionbank.services import RevisionContent, revision_create

SYNTHETIC_KIT = "synthetic-bank"
LENIENT = "synthetic-lenient"
FLAT_QUESTION = "synthetic-q-flat"
EASY_QUESTION = "synthetic-q-easy"
BATCH = 5000


@dataclass
class SyntheticSummary:
    interviews: int
    ratings: int
    kit: Kit


def short_revision(index: int) -> RevisionContent:
    return RevisionContent(
        title=f"Synthetic question {index}",
        prompt=f"Synthetic question {index}.",
        anchors={1: "None.", 2: "Mid.", 3: "Senior.", 4: "Exceptional."},
        signals=[(3, "A senior point.")],
        red_flags=["A red flag."],
        follow_ups=["A probe.", "Another probe."],
    )


def synthetic_kit(
    *,
    slug: str,
    questions: int,
    topics: int = 1,
    minutes: int = 3,
    revision: Callable[[int], RevisionContent] = short_revision,
    question_slug: Callable[[int], str] | None = None,
    topic_name: Callable[[int], str] = lambda n: f"Topic {n}",
    weight: Callable[[int], int] = lambda index: 1,
) -> Kit:
    """A kit of generated, published questions (1-based index) spread over generated topics."""
    topic_rows = [
        Topic.objects.get_or_create(slug=f"{slug}-topic-{n}", defaults={"name": topic_name(n)})[0]
        for n in range(1, topics + 1)
    ]
    slot = questions * minutes  # an interview it fills exactly, when one could be that long
    kit = Kit.objects.create(
        slug=slug,
        name=f"Synthetic kit {slug}",
        target_level="senior",
        slot_minutes=slot if slot <= SLOT_MAX_MINUTES else None,
    )
    for index in range(1, questions + 1):
        question = Question.objects.create(
            slug=question_slug(index) if question_slug else f"{slug}-q{index:02d}",
            topic=topic_rows[index % len(topic_rows)],
        )
        revision_create(question=question, content=revision(index), publish=True)
        KitQuestion.objects.create(
            kit=kit, question=question, position=index, minutes=minutes, weight=weight(index)
        )
    return kit


def modelled_kit(questions: int, rng: random.Random) -> tuple[Kit, dict[int, tuple[float, float]]]:
    """The kit the modelled interviews use, and each question's (difficulty, discrimination)."""
    kit = Kit.objects.filter(slug=SYNTHETIC_KIT).first()
    if kit is None:
        kit = synthetic_kit(
            slug=SYNTHETIC_KIT,
            questions=questions,
            topics=4,
            question_slug=lambda index: {1: FLAT_QUESTION, 2: EASY_QUESTION}.get(
                index, f"synthetic-q-{index:02d}"
            ),
        )
    traits = {}
    for entry in kit.entries.select_related("question"):
        slug = entry.question.slug
        if slug == FLAT_QUESTION:
            traits[entry.question_id] = (0.0, 0.0)
        elif slug == EASY_QUESTION:
            traits[entry.question_id] = (-4.0, 0.6)
        else:
            traits[entry.question_id] = (rng.gauss(0, 0.6), rng.uniform(0.9, 1.5))
    return kit, traits


def modelled_interviewers(count: int, rng: random.Random) -> dict[User, float]:
    ensure_roles()
    group = Group.objects.get(name=INTERVIEWER)
    biases = {}
    for index in range(count):
        username = LENIENT if index == 0 else f"synthetic-interviewer-{index:02d}"
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"first_name": "Synthetic", "last_name": f"Rater {index:02d}"},
        )
        if created:
            user.set_unusable_password()
            user.save()
            user.groups.add(group)
        biases[user] = 0.9 if index == 0 else rng.gauss(0, 0.1)
    return biases


def level_band(mean: float) -> str:
    if mean < 1.75:
        return "below_mid"
    if mean < 2.5:
        return "mid"
    if mean < 3.25:
        return "senior"
    return "staff"


def recommendation_for(mean: float) -> str:
    return ["strong_no", "no", "yes", "strong_yes"][min(3, max(0, round(mean) - 1))]


@dataclass(frozen=True)
class Model:
    """What the modelled ratings are drawn from: each question's (difficulty, discrimination) and
    each interviewer's bias."""

    traits: dict[int, tuple[float, float]]
    biases: dict[User, float]


def write_completed_interviews(
    *,
    kit: Kit,
    model: Model,
    count: int,
    panel: int,
    rng: random.Random,
    when: Callable[[], datetime],
    candidate: Callable[[int], tuple[str, str]],
) -> tuple[int, int]:
    """`count` completed interviews of `kit`, each in a loop of its own with a submitted scorecard
    per panelist, written in bulk (not through the services: no signal, no report). Returns the
    interviews and ratings written. candidate(n) names the n-th candidate (name, email)."""
    people = list(model.biases)
    entries = list(kit.entries.select_related("question").order_by("position"))
    made = ratings_made = 0
    while made < count:
        chunk = min(BATCH // (len(entries) * panel) + 1, count - made)
        abilities = [rng.gauss(0, 1) for _ in range(chunk)]
        candidates = Candidate.objects.bulk_create(
            Candidate(name=name, email=email)
            for name, email in (candidate(made + n) for n in range(chunk))
        )
        loops = Loop.objects.bulk_create(Loop(candidate=person) for person in candidates)
        dates = [when() for _ in range(chunk)]
        rows = Interview.objects.bulk_create(
            Interview(
                candidate=person,
                loop=loops[n],
                kit=kit,
                scheduled_at=dates[n],
                started_at=dates[n],
                completed_at=dates[n] + timedelta(hours=1),
                state=Interview.State.COMPLETED,
            )
            for n, person in enumerate(candidates)
        )
        pinned = InterviewQuestion.objects.bulk_create(
            InterviewQuestion(
                interview=interview,
                revision_id=entry.question.current_revision_id,
                position=entry.position,
                minutes=entry.minutes,
                weight=entry.weight,
            )
            for interview in rows
            for entry in entries
        )
        panels = [rng.sample(people, panel) for _ in rows]
        panelists = Panelist.objects.bulk_create(
            Panelist(interview=interview, user=user, is_lead=index == 0)
            for interview, chosen in zip(rows, panels, strict=True)
            for index, user in enumerate(chosen)
        )
        levels: dict[int, list[int]] = {}
        drawn = []
        for panelist_index, panelist in enumerate(panelists):
            interview_index = panelist_index // panel
            ability = abilities[interview_index]
            for question_index, entry in enumerate(entries):
                difficulty, discrimination = model.traits[entry.question_id]
                latent = 2.5 + discrimination * (ability - difficulty) + model.biases[panelist.user]
                level = min(4, max(1, round(latent + rng.gauss(0, 0.45))))
                levels.setdefault(panelist_index, []).append(level)
                drawn.append((panelist_index, interview_index * len(entries) + question_index))
        scorecards = Scorecard.objects.bulk_create(
            Scorecard(
                interview_id=panelist.interview_id,
                interviewer=panelist.user,
                panelist=panelist,
                recommendation=recommendation_for(sum(levels[i]) / len(levels[i])),
                level=level_band(sum(levels[i]) / len(levels[i])),
                submitted_at=dates[i // panel] + timedelta(hours=2),
            )
            for i, panelist in enumerate(panelists)
        )
        flat_levels = [level for i in range(len(panelists)) for level in levels[i]]
        Rating.objects.bulk_create(
            (
                Rating(
                    scorecard=scorecards[panelist_index],
                    interview_question=pinned[question_slot],
                    level=level,
                    submitted_level=level,
                    locked=True,
                    level_version=1,
                    opened_at=dates[panelist_index // panel],
                )
                for (panelist_index, question_slot), level in zip(drawn, flat_levels, strict=True)
            ),
            batch_size=BATCH,
        )
        made += chunk
        ratings_made += len(drawn)
    return made, ratings_made


def generate_synthetic_interviews(
    *, interviews: int, interviewers: int = 20, questions: int = 17, panel: int = 3, seed: int = 7
) -> SyntheticSummary:
    """Completed interviews with submitted scorecards on the synthetic kit, over the past year."""
    rng = random.Random(seed)  # noqa: S311  (a seeded simulation, not a secret)
    now = timezone.now()
    with transaction.atomic():
        kit, traits = modelled_kit(questions, rng)
        made, ratings = write_completed_interviews(
            kit=kit,
            model=Model(traits=traits, biases=modelled_interviewers(interviewers, rng)),
            count=interviews,
            panel=panel,
            rng=rng,
            when=lambda: now - timedelta(days=rng.uniform(1, 365)),
            candidate=lambda n: (f"Synthetic candidate {n}", f"synthetic{n}@example.com"),
        )
    return SyntheticSummary(interviews=made, ratings=ratings, kit=kit)


def rate_through_services(
    scorecard: Scorecard,
    *,
    level_for: Callable[[int], int | None],
    notes_for: Callable[[int], str] = lambda position: "",
) -> None:
    """Rate every question of a live scorecard the way the console does, through the services:
    level_for(position) gives the level (None skips the question), every signal at or below the
    level is heard, and notes_for(position) is typed in when not empty."""
    rater = Rater.of(scorecard)
    ratings = Rating.objects.filter(scorecard=scorecard).select_related(
        "interview_question__revision"
    )
    for rating in ratings:
        position = rating.interview_question.position
        level = level_for(position)
        if level is None:
            rating_skip(rater=rater, position=position, reason="Out of time", version=0)
            continue
        rating_save_level(rater=rater, position=position, level=level, version=0)
        heard = rating.interview_question.revision.signals.filter(level__lte=level)
        rating_save_signals(
            rater=rater,
            position=position,
            signal_ids=list(heard.values_list("id", flat=True)),
            version=0,
        )
        if notes := notes_for(position):
            rating_save_notes(rater=rater, position=position, notes=notes, version=0)
