"""The question bank: topics, questions with immutable revisions, rubrics, kits. One module past
400 lines on purpose: these models are one aggregate, read together.

A question is a stable identity (slug). What an interviewer reads lives in its revisions; a
revision is frozen once published, so an interview that pinned it reads the same text for ever.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q

from questionbank import rules
from questionbank.rendering import render_markdown

ANCHOR_LEVELS = (1, 2, 3, 4)
ANCHOR_NAMES = {1: "No signal", 2: "Mid-level answer", 3: "Senior answer", 4: "Exceptional"}


class TargetLevel(models.TextChoices):
    MID = "mid", "Mid-level"
    SENIOR = "senior", "Senior"
    STAFF = "staff", "Staff"


def _refusal(problems: rules.Problems) -> ValidationError:
    """The rules' problems as field errors, which a model form shows next to each field."""
    return ValidationError(
        {
            field: [rules.sentence(message) for message in messages]
            for field, messages in problems.items()
        }
    )


def validate_crib(crib: str) -> None:
    problems = rules.crib_problems(crib)
    if problems:
        raise ValidationError([rules.sentence(problem) for problem in problems])


class Topic(models.Model):
    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=120)
    description = models.TextField(blank=True)
    # Columns added after the first release carry a database default too, so that rows written
    # by code that does not know them yet (a rolling deploy, an older migration's state) store "".
    learning = models.TextField(
        blank=True,
        default="",
        db_default="",
        help_text="Markdown: what to read to learn the topic (for candidates).",
    )
    learning_html = models.TextField(editable=False, default="", db_default="")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.render()
        super().save(*args, **kwargs)

    def render(self) -> None:
        """Its Markdown as sanitised HTML; bulk writers call this, as bulk_create skips save()."""
        self.learning_html = render_markdown(self.learning)


class Question(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"
        RETIRED = "retired", "Retired"

    slug = models.SlugField(max_length=120, unique=True)
    topic = models.ForeignKey(Topic, on_delete=models.PROTECT, related_name="questions")
    tags = models.JSONField(default=list, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT)
    # The newest published revision: what new interviews pin and what the bank shows.
    current_revision = models.ForeignKey(
        "QuestionRevision", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["slug"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["draft", "published", "retired"]),
                name="question_status_known",
            ),
            models.CheckConstraint(
                condition=~Q(status="published") | Q(current_revision__isnull=False),
                name="published_question_has_a_revision",
            ),
        ]

    def __str__(self) -> str:
        return self.slug

    @property
    def title(self) -> str:
        return self.current_revision.title if self.current_revision else self.slug


class PublishedRevisionIsImmutable(ValidationError):
    pass


class QuestionRevision(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    prompt = models.TextField(help_text="Markdown, shown to the interviewer and read out.")
    crib = models.TextField(
        blank=True,
        default="",
        db_default="",
        validators=[validate_crib],
        help_text=(
            f"Plain text, for the interviewer: at most {rules.CRIB_MAX_LINES} lines of at most "
            f"{rules.CRIB_MAX_LINE_LENGTH} characters, read at a glance. The console shows it "
            "first, the guidance folded under it."
        ),
    )
    guidance = models.TextField(blank=True, help_text="Markdown, for the interviewer only.")
    starter_code = models.TextField(
        blank=True,
        default="",
        db_default="",
        help_text="Code the candidate starts from, exactly as they will see it.",
    )
    language = models.CharField(
        max_length=12,
        choices=list(rules.LANGUAGE_NAMES.items()),
        blank=True,
        default="",
        db_default="",
        help_text="The starter code's language: required with starter code, and only with it.",
    )
    learning = models.TextField(
        blank=True,
        default="",
        db_default="",
        help_text="Markdown: what to read to learn more (for the candidate).",
    )
    expected_minutes = models.PositiveSmallIntegerField(default=10)
    target_level = models.CharField(
        max_length=10, choices=TargetLevel.choices, default=TargetLevel.SENIOR
    )
    # Rendered once on save: a published revision never changes, so neither does its HTML.
    prompt_html = models.TextField(editable=False, default="")
    guidance_html = models.TextField(editable=False, default="")
    learning_html = models.TextField(editable=False, default="", db_default="")
    # Hash of the whole content (rubric included): an import of unchanged content is a no-op.
    content_hash = models.CharField(max_length=64, editable=False, default="")
    published_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["question", "-number"]
        get_latest_by = "number"
        constraints = [
            models.UniqueConstraint(
                fields=["question", "number"], name="one_revision_number_per_question"
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="revision_number_positive"),
            models.CheckConstraint(
                condition=Q(expected_minutes__gte=1) & Q(expected_minutes__lte=60),
                name="revision_expected_minutes_1_60",
            ),
            models.CheckConstraint(
                condition=Q(target_level__in=["mid", "senior", "staff"]),
                name="revision_target_level_known",
            ),
            models.CheckConstraint(
                condition=Q(starter_code="", language="")
                | (~Q(starter_code="") & Q(language__in=rules.LANGUAGES)),
                name="revision_language_exactly_with_starter_code",
                violation_error_message="Starter code needs its language, and a language needs "
                "starter code.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.question.slug} r{self.number}"

    def save(self, *args, **kwargs):
        if self.stored_is_published():
            raise PublishedRevisionIsImmutable(
                f"{self} is published and cannot change; edit the question to make a new revision."
            )
        self.render()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.stored_is_published():
            raise PublishedRevisionIsImmutable(f"{self} is published and cannot be deleted.")
        return super().delete(*args, **kwargs)

    def render(self) -> None:
        """Its Markdown as sanitised HTML: once, on writing (services.revisions_create calls this
        for its bulk insert, which skips save())."""
        self.prompt_html = render_markdown(self.prompt)
        self.guidance_html = render_markdown(self.guidance)
        self.learning_html = render_markdown(self.learning)

    def clean(self):
        super().clean()
        code = {"starter_code": self.starter_code, "language": self.language}
        # The syntax only of code that has its language: one problem at a time for the field.
        problems = rules.starter_code_problems(**code) or rules.starter_code_syntax_problems(**code)
        if problems:
            raise _refusal(problems)

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    def stored_is_published(self) -> bool:
        if self.pk is None:
            return False
        return QuestionRevision.objects.filter(pk=self.pk, published_at__isnull=False).exists()


class RevisionPart(models.Model):
    """A piece of a revision's rubric; frozen with its revision."""

    revision = models.ForeignKey(QuestionRevision, on_delete=models.CASCADE)
    text = models.TextField()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.revision.stored_is_published():
            raise PublishedRevisionIsImmutable(f"{self.revision} is published and cannot change.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.revision.stored_is_published():
            raise PublishedRevisionIsImmutable(f"{self.revision} is published and cannot change.")
        return super().delete(*args, **kwargs)


class Anchor(RevisionPart):
    """A behavioural description of the answer that earns a level (1 none ... 4 exceptional)."""

    revision = models.ForeignKey(QuestionRevision, on_delete=models.CASCADE, related_name="anchors")
    level = models.PositiveSmallIntegerField(
        choices=[(n, f"{n} {ANCHOR_NAMES[n]}") for n in ANCHOR_LEVELS]
    )

    class Meta:
        ordering = ["revision", "level"]
        constraints = [
            models.UniqueConstraint(fields=["revision", "level"], name="one_anchor_per_level"),
            models.CheckConstraint(
                condition=Q(level__gte=1) & Q(level__lte=4), name="anchor_level_1_4"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.level} {ANCHOR_NAMES.get(self.level, '')}"


class ListedPart(RevisionPart):
    """A rubric item kept in the order the curator wrote it."""

    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        abstract = True
        ordering = ["revision", "position", "id"]

    def __str__(self) -> str:
        return self.text


class Signal(ListedPart):
    """A point a strong answer makes, tied to the anchor level it indicates."""

    revision = models.ForeignKey(QuestionRevision, on_delete=models.CASCADE, related_name="signals")
    level = models.PositiveSmallIntegerField(choices=[(n, str(n)) for n in ANCHOR_LEVELS])

    class Meta(ListedPart.Meta):
        constraints = [
            models.CheckConstraint(
                condition=Q(level__gte=1) & Q(level__lte=4), name="signal_level_1_4"
            ),
        ]


class RedFlag(ListedPart):
    revision = models.ForeignKey(
        QuestionRevision, on_delete=models.CASCADE, related_name="red_flags"
    )


class FollowUp(ListedPart):
    revision = models.ForeignKey(
        QuestionRevision, on_delete=models.CASCADE, related_name="follow_ups"
    )


class Kit(models.Model):
    """An ordered list of questions. With a slot it is an interview, and must fit the slot
    (questionbank.rules.KitTiming); without one it is a collection of the bank to pick from."""

    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=160)
    description = models.TextField(blank=True)
    target_level = models.CharField(
        max_length=10, choices=TargetLevel.choices, default=TargetLevel.SENIOR
    )
    slot_minutes = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(rules.SLOT_MAX_MINUTES)],
        help_text="The interview's length. Empty: a collection of the bank, not an interview.",
    )
    intro_minutes = models.PositiveSmallIntegerField(
        default=0,
        db_default=0,
        validators=[MaxValueValidator(rules.FRAME_MAX_MINUTES)],
        help_text="Introductions before the first question (only with a slot).",
    )
    closing_minutes = models.PositiveSmallIntegerField(
        default=0,
        db_default=0,
        validators=[MaxValueValidator(rules.FRAME_MAX_MINUTES)],
        help_text="The candidate's questions after the last one (only with a slot).",
    )
    questions = models.ManyToManyField(Question, through="KitQuestion", related_name="kits")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(target_level__in=["mid", "senior", "staff"]),
                name="kit_target_level_known",
            ),
            models.CheckConstraint(
                condition=Q(slot_minutes__isnull=False) | Q(intro_minutes=0, closing_minutes=0),
                name="kit_frame_only_with_a_slot",
                violation_error_message="Introduction and closing minutes need a slot.",
            ),
            models.CheckConstraint(
                condition=Q(slot_minutes__isnull=True)
                | Q(
                    slot_minutes__lte=rules.SLOT_MAX_MINUTES,
                    slot_minutes__gt=F("intro_minutes") + F("closing_minutes"),
                ),
                name="kit_slot_leaves_time_for_questions",
                violation_error_message="The introduction and closing leave no time for questions.",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_interview(self) -> bool:
        """A kit with a slot is an interview; without one it is a collection of the bank."""
        return self.slot_minutes is not None

    def clean(self):
        super().clean()
        timing = rules.KitTiming.of(
            slot_minutes=self.slot_minutes,
            intro_minutes=self.intro_minutes,
            closing_minutes=self.closing_minutes,
            minutes=(),
        )
        problems = timing.frame_problems()
        if problems:
            raise _refusal(problems)


class KitQuestion(models.Model):
    kit = models.ForeignKey(Kit, on_delete=models.CASCADE, related_name="entries")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="kit_entries")
    position = models.PositiveSmallIntegerField()
    minutes = models.PositiveSmallIntegerField(help_text="Time budget in the interview.")
    weight = models.PositiveSmallIntegerField(default=1, help_text="Weight in the overall score.")

    class Meta:
        ordering = ["kit", "position"]
        constraints = [
            models.UniqueConstraint(fields=["kit", "position"], name="kit_order_unique"),
            models.UniqueConstraint(fields=["kit", "question"], name="kit_question_once"),
            models.CheckConstraint(
                condition=Q(minutes__gte=1) & Q(minutes__lte=60), name="kit_minutes_1_60"
            ),
            models.CheckConstraint(condition=Q(weight__gte=1), name="kit_weight_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.kit.slug} #{self.position}: {self.question.slug}"
