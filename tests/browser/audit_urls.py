"""Which URLs the accessibility and markup audits walk (tests/browser/audit_world.py builds the
pages), and as whom: WALKED and NOT_WALKED between them name every URL of the URLconfs, and ROLES
every reader a page whose content depends on the reader is walked as
(tests/browser/test_audit_coverage.py checks both, without a browser).
"""

import re

from django.urls import URLPattern, URLResolver, get_resolver

POST_ONLY = "POST only: it answers a form with a redirect or a fragment of a walked page"
NOT_HTML = "not an HTML page"
NOT_WALKED: dict[str, str] = {
    "healthz": NOT_HTML,
    "logout": POST_ONLY,
    "oidc_start": "a redirect to the OpenID provider (only with OIDC_ISSUER set)",
    "oidc_callback": "a redirect back from the OpenID provider (only with OIDC_ISSUER set)",
    "interviews:start": POST_ONLY,
    "interviews:reschedule": POST_ONLY,
    "interviews:go": POST_ONLY,
    "interviews:rate": POST_ONLY + " (its refusals are audited: audit_world.fragments)",
    "interviews:skip": POST_ONLY,
    "interviews:signals": POST_ONLY,
    "interviews:notes": POST_ONLY,
    "interviews:presence": POST_ONLY,
    "interviews:submit": POST_ONLY,
    "interviews:amend": POST_ONLY,
    "calibration:refresh": POST_ONLY,
    "reports:loop_decision": POST_ONLY,
    "reports:loop_link_create": POST_ONLY,
    "reports:rebuild": POST_ONLY,
    "reports:link_create": POST_ONLY,
    "reports:link_revoke": POST_ONLY,
    "reports:link_expiry": POST_ONLY,
    "reports:report_pdf": NOT_HTML + " (PDF)",
    "reports:feedback_pdf": NOT_HTML + " (PDF)",
    "reports:scorecards_json": NOT_HTML + " (JSON)",
    "reports:scorecards_csv": NOT_HTML + " (CSV)",
    "rooms:regenerate": POST_ONLY,
    "rooms:end": POST_ONLY,
    "admin:logout": POST_ONLY,
    "admin:login": "redirects to /login/ (config/signin.admin_login), which is walked",
    "admin:jsi18n": NOT_HTML + " (JavaScript)",
    "admin:autocomplete": NOT_HTML + " (JSON)",
    "admin:view_on_site": "a redirect",
    "admin:questionbank_question_new_revision": POST_ONLY,
    "admin:questionbank_questionrevision_publish": POST_ONLY,
    "admin:password_change": "Django's own admin page (the app's /password/ is walked)",
    "admin:password_change_done": "Django's own admin page (the app's is walked)",
}
# Whole families, by pattern: Django's stock admin pages for models we do not customise, and the
# stock history and delete confirmations; the JSON API (its docs page is walked).
NOT_WALKED_PATTERNS: dict[str, str] = {
    r"admin:(auth|axes|account|socialaccount)_": "stock admin of Django, django-axes, allauth",
    r"admin:.*_(history|delete)$": "Django's stock history and delete confirmation pages",
    r"admin:.*_add$": "an add form like its model's change form, which is walked",
    r"api:(?!openapi-view$)": NOT_HTML + " (the JSON API)",
}
WALKED = {
    "login",
    "break_glass",
    "password_change",
    "password_change_done",
    "admin_login",
    "admin:index",
    "admin:app_list",
    "admin:questionbank_question_changelist",
    "admin:questionbank_question_add",
    "admin:questionbank_question_change",
    "admin:questionbank_question_import",
    "admin:questionbank_question_revisions",
    "admin:questionbank_questionrevision_changelist",
    "admin:questionbank_questionrevision_change",
    "admin:questionbank_questionrevision_preview",
    "admin:questionbank_kit_changelist",
    "admin:questionbank_kit_change",
    "admin:questionbank_topic_changelist",
    "admin:questionbank_topic_change",
    "admin:reports_reportrequest_changelist",
    "admin:reports_reportrequest_change",
    "admin:reports_feedbacklink_changelist",
    "admin:reports_feedbacklink_change",
    "admin:webhooks_endpoint_changelist",
    "admin:webhooks_endpoint_add",
    "admin:webhooks_endpoint_change",
    "admin:webhooks_delivery_changelist",
    "admin:webhooks_delivery_change",
    "admin:webhooks_event_changelist",
    "admin:webhooks_event_change",
    "admin:api_apikey_changelist",
    "admin:api_apikey_change",
    "admin:api_apikey_add",
    "api:openapi-view",
    "questionbank:question_list",
    "questionbank:question_detail",
    "interviews:home",
    "interviews:schedule",
    "interviews:loop_schedule_more",
    "interviews:console",
    "calibration:page",
    "reports:index",
    "reports:candidates",
    "reports:candidate",
    "reports:report",
    "reports:feedback",
    "rooms:link",
    "rooms:room",
    "rooms:replay",
}


def url_names() -> set[str]:
    """Every named URL of the URLconfs, namespaced."""

    def walk(patterns, namespace: str = ""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = pattern.namespace or ""
                prefix = f"{namespace}:{inner}" if namespace and inner else namespace or inner
                yield from walk(pattern.url_patterns, prefix)
            elif isinstance(pattern, URLPattern) and pattern.name:
                yield f"{namespace}:{pattern.name}" if namespace else pattern.name

    return set(walk(get_resolver().url_patterns))


def why_not_walked(name: str) -> str | None:
    if name in NOT_WALKED:
        return NOT_WALKED[name]
    return next((why for rx, why in NOT_WALKED_PATTERNS.items() if re.match(rx, name)), None)


# Pages whose content depends on who reads them, and every reader each is walked as (WALKED's
# other pages are walked at least once). Usernames of the demo (interviews/demo/seeding.py).
ROLES: dict[str, set[str]] = {
    "interviews:home": {"curator", "ada", "grace", "manager"},
    # The lead and the second panelist see different controls.
    "interviews:console": {"ada", "grace"},
    # The hiring manager's copy, and the panel's (notes included) to a panelist who submitted.
    "reports:report": {"manager", "ada"},
    # Grace gets the 403 page.
    "calibration:page": {"curator", "manager", "grace"},
    "questionbank:question_list": {"curator", "ada"},
    "rooms:link": {"ada", "manager"},
    "rooms:replay": {"ada", "manager"},
}


def not_walked(walked: set[tuple[str, str]]) -> list[str]:
    """What a walk of (URL name, reader) pairs missed: a URL of WALKED, or a reader of ROLES; or
    what it walked that WALKED does not list."""
    names = {name for name, _ in walked}
    missed = [f"{name} (by nobody)" for name in sorted(WALKED - names)]
    missed += [f"{name} (not in WALKED)" for name in sorted(names - WALKED)]
    missed += [
        f"{name} as {who}"
        for name, readers in sorted(ROLES.items())
        for who in sorted(readers)
        if (name, who) not in walked
    ]
    return missed
