"""Roles are groups with permissions. Kept in code so that every database, test and demo agrees.

`ensure_roles` runs after every migrate: it creates the groups and (re)grants what they may do.
"""

from django.contrib.auth.models import Group, Permission

CURATOR = "Curator"
INTERVIEWER = "Interviewer"
HIRING_MANAGER = "Hiring manager"

# role -> (app label, codenames). A codename ending in "_" is a prefix (the model permissions
# Django creates: add_, change_, ...); any other is matched whole, so that a custom permission such
# as interviews.view_report ("Can read candidate reports") never also grants a model permission
# that happens to start the same (reports.view_report, view_reportrequest...).
ROLE_PERMISSIONS: dict[str, list[tuple[str, tuple[str, ...]]]] = {
    CURATOR: [("questionbank", ("add_", "change_", "delete_", "view_"))],
    INTERVIEWER: [("questionbank", ("view_",)), ("interviews", ("conduct_interview",))],
    HIRING_MANAGER: [
        ("questionbank", ("view_",)),
        (
            "interviews",
            ("schedule_interview", "view_report", "manage_feedback_link", "record_decision"),
        ),
    ],
}


def permissions_for(role: str) -> list[Permission]:
    chosen: list[Permission] = []
    for app_label, names in ROLE_PERMISSIONS[role]:
        for permission in Permission.objects.filter(content_type__app_label=app_label):
            if any(
                permission.codename.startswith(name)
                if name.endswith("_")
                else permission.codename == name
                for name in names
            ):
                chosen.append(permission)
    return chosen


def ensure_roles(**kwargs) -> None:
    for role in ROLE_PERMISSIONS:
        group, _ = Group.objects.get_or_create(name=role)
        group.permissions.set(permissions_for(role))
