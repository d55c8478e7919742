"""Errors as RFC 9457 problem details (`application/problem+json`).

Every refusal is a JSON object with `type`, `title`, `status` and `detail`; a refused input also
has `errors`, one entry per field, each naming the field (`body.panel.1`, `query.limit`) so that
an integration can show its user what to fix.
"""

import json

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpResponse
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

PROBLEM = "application/problem+json"
TYPES = "https://loupe.invalid/problems/"  # documented names, never fetched

TITLES = {
    400: "Bad request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not found",
    405: "Method not allowed",
    409: "Conflict",
    422: "Unprocessable content",
    429: "Too many requests",
}


class FieldError(Schema):
    field: str
    detail: str


class ProblemOut(Schema):
    type: str
    title: str
    status: int
    detail: str
    errors: list[FieldError] | None = None


class Problem(Exception):
    def __init__(
        self,
        status: int,
        detail: str,
        *,
        kind: str = "",
        errors: list[dict] | None = None,
        headers: dict[str, str] | None = None,
    ):
        super().__init__(detail)
        self.status, self.detail, self.errors = status, detail, errors
        self.kind = kind or TITLES.get(status, "error").lower().replace(" ", "-")
        self.headers = headers or {}


def problem_response(problem: Problem) -> HttpResponse:
    body = {
        "type": TYPES + problem.kind,
        "title": TITLES.get(problem.status, "Error"),
        "status": problem.status,
        "detail": problem.detail,
    }
    if problem.errors:
        body["errors"] = problem.errors
    response = HttpResponse(json.dumps(body), status=problem.status, content_type=PROBLEM)
    for name, value in problem.headers.items():
        response[name] = value
    return response


def field_name(location: list) -> str:
    """`body.panel.1`: ninja puts the view's parameter name (`data`, in every write) after `body`,
    which means nothing to a client."""
    parts = list(location)
    if parts[:2] == ["body", "data"]:
        del parts[1]
    return ".".join(str(part) for part in parts)


def from_django(error: DjangoValidationError, *, prefix: str = "body") -> Problem:
    """A service's refusal: its messages, under the fields it names (else the request's body)."""
    if hasattr(error, "error_dict"):
        errors = [
            {"field": f"{prefix}.{name}", "detail": message}
            for name, messages in error.message_dict.items()
            for message in messages
        ]
    else:
        errors = [{"field": prefix, "detail": message} for message in error.messages]
    return Problem(422, "; ".join(e["detail"] for e in errors), kind="refused", errors=errors)


def install(api: NinjaAPI) -> None:
    @api.exception_handler(Problem)
    def on_problem(request, exc: Problem):
        return problem_response(exc)

    @api.exception_handler(NinjaValidationError)
    def on_invalid(request, exc: NinjaValidationError):
        errors = [
            {"field": field_name(error.get("loc", [])), "detail": error.get("msg", "invalid")}
            for error in exc.errors
        ]
        detail = "; ".join(f"{e['field']}: {e['detail']}" for e in errors) or "Invalid input."
        return problem_response(Problem(422, detail, kind="invalid", errors=errors))

    @api.exception_handler(DjangoValidationError)
    def on_refused(request, exc: DjangoValidationError):
        return problem_response(from_django(exc))

    @api.exception_handler(AuthenticationError)
    def on_unauthenticated(request, exc):
        detail = "Send a live API key: `Authorization: Bearer loupe_…`."
        return problem_response(
            Problem(401, detail, kind="unauthorized", headers={"WWW-Authenticate": "Bearer"})
        )

    @api.exception_handler(HttpError)
    def on_http_error(request, exc: HttpError):
        return problem_response(Problem(exc.status_code, str(exc)))

    @api.exception_handler(Http404)
    def on_not_found(request, exc):
        return problem_response(Problem(404, "No such resource.", kind="not-found"))


def not_found(request, rest: str = ""):
    """Any other path under /api/v1/: a problem, not the site's HTML 404 page."""
    return problem_response(Problem(404, "No such endpoint.", kind="not-found"))
