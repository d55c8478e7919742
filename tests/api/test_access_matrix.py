"""Who may do what: every operation against no key, a revoked key, and keys with and without its
scope. A read key cannot schedule; a revoked key gets a 401; no key reads an open scorecard; notes
need their own scope."""

import pytest
from django.utils import timezone

from interviews.api.models import ApiKey, Scope
from interviews.models import Scorecard
from tests.api.conftest import make_key
from tests.reports.builders import make_interview, make_kit, rate, submit

# (method, path, the scope it needs); ids 1 exist or not: the scope is judged before the id.
OPERATIONS = [
    ("get", "/candidates", Scope.READ),
    ("get", "/candidates/1", Scope.READ),
    ("get", "/interviews", Scope.READ),
    ("get", "/interviews/1", Scope.READ),
    ("get", "/loops", Scope.READ),
    ("get", "/loops/1", Scope.READ),
    ("get", "/interviews/1/scorecards", Scope.READ),
    ("get", "/scorecards/1", Scope.READ),
    ("get", "/interviews/1/report", Scope.READ),
    ("get", "/interviews/1/report.pdf", Scope.READ),
    ("get", "/kits", Scope.READ),
    ("get", "/kits/go", Scope.READ),
    ("get", "/questions", Scope.READ),
    ("get", "/questions/go", Scope.READ),
    ("post", "/candidates", Scope.SCHEDULE),
    ("post", "/interviews", Scope.SCHEDULE),
    ("post", "/loops", Scope.SCHEDULE),
    ("post", "/interviews/1/cancel", Scope.SCHEDULE),
    ("post", "/interviews/1/reschedule", Scope.SCHEDULE),
    ("post", "/feedback-links", Scope.FEEDBACK_LINKS),
    ("post", "/feedback-links/1/revoke", Scope.FEEDBACK_LINKS),
]
SCOPES = [Scope.READ, Scope.SCHEDULE, Scope.FEEDBACK_LINKS, Scope.NOTES_READ]


def test_the_matrix_covers_every_operation_of_the_document(client, db):
    document = client.get("/api/v1/openapi.json").json()
    documented = {
        (method, path.removeprefix("/api/v1"))
        for path, methods in document["paths"].items()
        for method in methods
    }
    listed = {(m, p.replace("/1", "/{x}").replace("/go", "/{slug}")) for m, p, _ in OPERATIONS}
    normalised = {
        (
            m,
            p.replace("{candidate_id}", "{x}")
            .replace("{interview_id}", "{x}")
            .replace("{loop_id}", "{x}")
            .replace("{scorecard_id}", "{x}")
            .replace("{link_id}", "{x}"),
        )
        for m, p in documented
        if p != "/key"
    }
    assert listed == normalised


def call(api, method, path, key):
    return api.get(path, key=key) if method == "get" else api.post(path, {}, key=key)


@pytest.mark.parametrize(
    ("method", "path", "scope"), OPERATIONS, ids=[f"{m} {p}" for m, p, _ in OPERATIONS]
)
def test_each_operation_needs_a_live_key_with_its_scope(api, cast, method, path, scope):
    revoked = make_key(cast.manager, SCOPES, "revoked")
    ApiKey.objects.filter(name="revoked").update(revoked_at=timezone.now())
    for key in (None, revoked):
        response = call(api, method, path, key)
        assert response.status_code == 401, (key, response.content)
    lacking = make_key(cast.manager, [s for s in SCOPES if s != scope], "lacking")
    response = call(api, method, path, lacking)
    assert response.status_code == 403
    assert response.json()["detail"] == f"This key lacks the `{scope}` scope."
    holding = make_key(cast.manager, [scope], "holding")
    assert call(api, method, path, holding).status_code not in (401, 403)


def test_a_read_key_cannot_schedule(api, keys, cast):
    make_kit(questions=2, slug="go")
    body = {
        "candidate": {"name": "Sam", "email": "sam@example.com"},
        "kit": "go",
        "scheduled_at": "2030-01-01T10:00:00Z",
        "panel": [cast.ada.email],
    }
    assert api.post("/interviews", body, key=keys.read).status_code == 403
    assert api.post("/interviews", body, key=keys.schedule).status_code == 201


def test_no_key_reads_an_open_scorecard_and_notes_need_their_scope(api, keys, cast):
    interview = make_interview(kit=make_kit(questions=2), panel=[cast.ada, cast.grace])
    rate(interview, cast.ada, [3, 3], notes={1: "Ada's note"})
    submit(interview, cast.ada)
    rate(interview, cast.grace, [2], notes={1: "Grace's open note"})
    grace = Scorecard.objects.get(interview=interview, interviewer=cast.grace)
    ada = Scorecard.objects.get(interview=interview, interviewer=cast.ada)
    for key in (keys.read, keys.notes, keys.full):
        assert api.get(f"/scorecards/{grace.pk}", key=key).status_code == 404
        listed = api.get(f"/interviews/{interview.pk}/scorecards", key=key).content.decode()
        assert "Grace's open note" not in listed and cast.grace.email not in listed
    assert "Ada's note" not in api.get(f"/scorecards/{ada.pk}", key=keys.read).content.decode()
    assert "Ada's note" in api.get(f"/scorecards/{ada.pk}", key=keys.notes).content.decode()
