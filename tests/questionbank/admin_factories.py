"""Small builders for the curation, preview and read-only bank tests.

Revisions are made the way the app makes them: services.revision_create(content=..., publish=...).
"""

from questionbank import services
from questionbank.models import Kit, KitQuestion, Question, QuestionRevision, Topic
from questionbank.services import RevisionContent

ANCHORS = {
    1: "Says a goroutine is a thread; cannot describe what the scheduler does.",
    2: "Describes G, M and P and the local run queues.",
    3: "Explains handoff of the P on a blocking syscall and work stealing as separate mechanisms.",
    4: "Also knows GOMAXPROCS follows the container CPU limit since Go 1.25, and its trade-offs.",
}

GO_PROMPT = """What happens to the other goroutines when one of them blocks in a syscall?

```go
func main() {
    go work()
    syscall.Read(fd, buf)
}
```
"""


def topic(slug: str = "scheduler", name: str | None = None) -> Topic:
    found, _ = Topic.objects.get_or_create(
        slug=slug, defaults={"name": name or slug.replace("-", " ").capitalize()}
    )
    return found


def content(**overrides) -> RevisionContent:
    values = {
        "title": "Blocking syscalls and the scheduler",
        "prompt": GO_PROMPT,
        "guidance": "Let the candidate **draw** the G, M and P boxes.",
        "expected_minutes": 12,
        "target_level": "senior",
        "anchors": dict(ANCHORS),
        "signals": [(2, "Names the local run queue"), (3, "Separates handoff from stealing")],
        "red_flags": ["Claims every syscall blocks the whole program"],
        "follow_ups": ["What changes with GOMAXPROCS=1?"],
    }
    return RevisionContent(**(values | overrides))


def question(
    slug: str = "syscall-handoff",
    *,
    topic_slug: str = "scheduler",
    publish: bool = True,
    **overrides,
) -> Question:
    """A question with one revision (published unless publish=False)."""
    made = Question.objects.create(slug=slug, topic=topic(topic_slug))
    services.revision_create(question=made, content=content(**overrides), publish=publish)
    made.refresh_from_db()
    return made


def revise(target: Question, *, publish: bool = True, **overrides) -> QuestionRevision:
    """The next revision of a question."""
    revision = services.revision_create(
        question=target, content=content(**overrides), publish=publish
    )
    target.refresh_from_db()
    return revision


def kit(slug: str, questions: list[Question], minutes: int = 10, **details) -> Kit:
    """A kit of those questions, each given the same minutes; details: slot_minutes and so on."""
    made = Kit.objects.create(slug=slug, name=slug.replace("-", " ").capitalize(), **details)
    for position, entry in enumerate(questions, start=1):
        KitQuestion.objects.create(kit=made, question=entry, position=position, minutes=minutes)
    return made


def change_form_data(response) -> dict:
    """The POST a browser would send back from an admin change page, unchanged."""
    data = {}

    def collect(form):
        for field in form:
            value = field.value()
            if value is None or value is False:
                continue
            data[field.html_name] = "on" if value is True else value

    collect(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        collect(inline.formset.management_form)
        for form in inline.formset.forms:
            collect(form)
    return data
