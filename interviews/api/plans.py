"""What a write names by slug or email, turned into rows, or a 422 naming the field at fault."""

from django.contrib.auth.models import User

from interviews.api.problems import Problem
from interviews.forms import interviewers
from interviews.services import InterviewPlan
from questionbank.models import Kit


def refused(field: str, detail: str) -> Problem:
    errors = [{"field": field, "detail": detail}]
    return Problem(422, f"{field}: {detail}", kind="invalid", errors=errors)


def kit_named(slug: str, *, field: str) -> Kit:
    kit = Kit.objects.filter(slug=slug).first()
    if kit is None:
        raise refused(field, f"no kit “{slug}”")
    if not kit.is_interview:
        raise refused(field, f"the kit “{slug}” has no slot: it is a collection, not an interview")
    return kit


def panel_named(emails: list[str], lead: str | None, *, field: str) -> tuple[list[User], User]:
    """Interviewers (active, in the Interviewer group) by email; each must name exactly one."""
    found: dict[str, list[User]] = {}
    for user in interviewers().filter(email__in=[*emails, lead or ""]):
        found.setdefault(user.email.lower(), []).append(user)
    people = []
    for index, email in enumerate(emails):
        matches = found.get(email, [])
        if len(matches) != 1:
            why = "no interviewer has this email" if not matches else "several people share it"
            raise refused(f"{field}.panel.{index}", f"{email}: {why}")
        people.append(matches[0])
    lead_email = lead or emails[0]
    if lead_email not in emails:
        raise refused(f"{field}.lead", "the lead must be one of the panel")
    return people, people[emails.index(lead_email)]


def plan_of(data, *, field: str) -> InterviewPlan:
    panel, lead = panel_named(data.panel, data.lead, field=field)
    return InterviewPlan(
        kit=kit_named(data.kit, field=f"{field}.kit"),
        scheduled_at=data.scheduled_at,
        panel=panel,
        lead=lead,
    )
