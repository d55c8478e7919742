"""Roles grant what config/roles.py names: model permissions by prefix, custom ones whole."""

from django.contrib.auth.models import Group

from config.roles import CURATOR, HIRING_MANAGER, INTERVIEWER, ensure_roles


def granted(role: str) -> set[str]:
    group = Group.objects.get(name=role)
    return {
        f"{p.content_type.app_label}.{p.codename}"
        for p in group.permissions.select_related("content_type")
    }


def test_a_hiring_manager_gets_the_custom_permissions_and_no_model_permission_named_alike(db):
    ensure_roles()
    interviews = {p for p in granted(HIRING_MANAGER) if not p.startswith("questionbank.")}
    assert interviews == {
        "interviews.schedule_interview",
        "interviews.view_report",
        "interviews.manage_feedback_link",
        "interviews.record_decision",
    }
    assert "reports.view_report" not in granted(HIRING_MANAGER)


def test_an_interviewer_conducts_and_reads_the_bank_and_a_curator_edits_it(db):
    ensure_roles()
    assert {p for p in granted(INTERVIEWER) if p.startswith("interviews.")} == {
        "interviews.conduct_interview"
    }
    assert all(
        p.startswith("questionbank.view_")
        for p in granted(INTERVIEWER) - {"interviews.conduct_interview"}
    )
    assert "questionbank.change_question" in granted(CURATOR)
