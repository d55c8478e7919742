"""Checked rows to the database, in a handful of queries however many questions there are.

Runs inside the transaction `import_sources` opens, after every check has passed. Every revision
is written, published, by one call of `services.revisions_create` for the whole file: a question
new to the bank gets its first revision, a question the bank already has a new one only when its
content hash differs from its current revision's. Topics, questions and kits are the importer's
own rows, written in bulk here.
"""

from django.db.models import Prefetch

from questionbank.exchange.schema import KitRow, QuestionRow, TopicRow
from questionbank.models import Kit, KitQuestion, Question, Topic
from questionbank.services import RevisionContent, revisions_create

BATCH = 500
# A kit's own fields that an import replaces (its entries are replaced as a list).
KIT_DETAILS = (
    "name",
    "description",
    "target_level",
    "slot_minutes",
    "intro_minutes",
    "closing_minutes",
)


def apply(*, topics: list[TopicRow], questions: list[QuestionRow], kits: list[KitRow], report):
    _topics(topics, report)
    _questions(questions, report)
    _kits(kits, report)


def _topics(rows: list[TopicRow], report) -> None:
    existing = Topic.objects.in_bulk([row.slug for row in rows], field_name="slug")
    created, changed = [], []
    for row in rows:
        topic = existing.get(row.slug)
        wanted = (row.name, row.description, row.learning)
        if topic is None:
            topic = Topic(slug=row.slug)
            created.append(topic)
        elif (topic.name, topic.description, topic.learning) != wanted:
            changed.append(topic)
        else:
            continue
        topic.name, topic.description, topic.learning = wanted
        topic.render()  # what Topic.save() does; bulk writes skip it
    Topic.objects.bulk_create(created, batch_size=BATCH)
    Topic.objects.bulk_update(
        changed, ["name", "description", "learning", "learning_html"], batch_size=BATCH
    )
    report.topics_created += len(created)
    report.topics_updated += len(changed)


def _questions(rows: list[QuestionRow], report) -> None:
    topic_ids = dict(
        Topic.objects.filter(slug__in={row.topic for row in rows}).values_list("slug", "id")
    )
    existing = {
        question.slug: question
        for question in Question.objects.filter(slug__in=[row.slug for row in rows])
        .select_related("current_revision")
        .only("slug", "topic_id", "tags", "status", "current_revision__content_hash")
    }
    new_rows = []
    revise: list[tuple[Question, RevisionContent]] = []
    for row in rows:
        question = existing.get(row.slug)
        if question is None:
            new_rows.append(row)
            continue
        updated = _update_question(question, row, topic_ids[row.topic])
        current = question.current_revision
        if current is None or current.content_hash != row.content.content_hash():
            revise.append((question, row.content))
            report.revisions_created += 1
        elif updated:
            report.questions_updated += 1
        else:
            report.questions_unchanged += 1
    created = Question.objects.bulk_create(
        [Question(slug=row.slug, topic_id=topic_ids[row.topic], tags=row.tags) for row in new_rows],
        batch_size=BATCH,
    )
    revise += [(question, row.content) for question, row in zip(created, new_rows, strict=True)]
    revisions_create(items=revise, publish=True)
    report.questions_created += len(new_rows)


def _update_question(question: Question, row: QuestionRow, topic_id: int) -> bool:
    """Topic, tags and a stale draft status: what lives on the question, not its revisions."""
    fields = []
    if question.topic_id != topic_id:
        question.topic_id = topic_id
        fields.append("topic")
    if question.tags != row.tags:
        question.tags = row.tags
        fields.append("tags")
    if question.status == Question.Status.DRAFT and question.current_revision_id:
        question.status = Question.Status.PUBLISHED
        fields.append("status")
    if fields:
        question.save(update_fields=[*fields, "updated_at"])
    return bool(fields)


def _kits(rows: list[KitRow], report) -> None:
    if not rows:
        return
    entries_in_order = Prefetch("entries", queryset=KitQuestion.objects.order_by("position"))
    existing = {
        kit.slug: kit
        for kit in Kit.objects.filter(slug__in=[row.slug for row in rows]).prefetch_related(
            entries_in_order
        )
    }
    wanted_slugs = {entry.question for row in rows for entry in row.entries}
    question_ids = dict(Question.objects.filter(slug__in=wanted_slugs).values_list("slug", "id"))
    created: list[Kit] = []
    refill: list[tuple[Kit, list[tuple[int, int, int]]]] = []
    for row in rows:
        wanted = [
            (question_ids[entry.question], entry.minutes, entry.weight) for entry in row.entries
        ]
        details = {name: getattr(row, name) for name in KIT_DETAILS}
        kit = existing.get(row.slug)
        if kit is None:
            kit = Kit(slug=row.slug, **details)
            created.append(kit)
            refill.append((kit, wanted))
            continue
        have = [(entry.question_id, entry.minutes, entry.weight) for entry in kit.entries.all()]
        same_details = all(getattr(kit, name) == value for name, value in details.items())
        if same_details and have == wanted:
            continue
        for name, value in details.items():
            setattr(kit, name, value)
        kit.save(update_fields=[*KIT_DETAILS, "updated_at"])
        if have != wanted:
            kit.entries.all().delete()
            refill.append((kit, wanted))
        report.kits_updated += 1
    Kit.objects.bulk_create(created, batch_size=BATCH)
    report.kits_created += len(created)
    KitQuestion.objects.bulk_create(
        [
            KitQuestion(
                kit=kit, question_id=question_id, position=index, minutes=minutes, weight=weight
            )
            for kit, wanted in refill
            for index, (question_id, minutes, weight) in enumerate(wanted, start=1)
        ],
        batch_size=BATCH,
    )
