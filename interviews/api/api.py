"""The NinjaAPI object: /api/v1/, its OpenAPI 3.1 document and docs page, its error answers."""

from functools import wraps

from django.contrib.auth.decorators import login_not_required
from django.urls import URLPattern, URLResolver, path, re_path
from django.utils.cache import patch_cache_control
from django.views.decorators.csrf import csrf_exempt
from ninja import NinjaAPI
from ninja.openapi.docs import Swagger

from interviews.api import problems
from interviews.api.problems import PROBLEM


class LoupeApi(NinjaAPI):
    def get_openapi_operation_id(self, operation) -> str:
        return operation.view_func.__name__

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        """Ninja's document, with every 4xx answer typed `application/problem+json` as sent."""
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        for methods in schema.get("paths", {}).values():
            for operation in methods.values():
                for status, response in operation.get("responses", {}).items():
                    content = response.get("content", {})
                    if int(status) >= 400 and "application/json" in content:
                        content[PROBLEM] = content.pop("application/json")
        return schema


api = LoupeApi(
    title="Loupe API",
    version="1",
    description=(
        "Candidates, interviews, loops, submitted scorecards, reports and feedback links for "
        "integrations such as an applicant tracking system. Authenticate with "
        "`Authorization: Bearer <API key>`; each operation names the scope it needs. Errors are "
        "RFC 9457 problem details. POSTs accept an `Idempotency-Key` header."
    ),
    urls_namespace="api",
    # No deep links: Swagger UI puts them inside the operation's toggle button (nested controls).
    docs=Swagger(settings={"persistAuthorization": False, "deepLinking": False}),
    docs_url="/docs",
    openapi_url="/openapi.json",
)
problems.install(api)

from interviews.api import routes  # noqa: E402  (registers the operations on `api`)

routes.register(api)


def answered(view):
    """Every answer `Cache-Control: no-store, private` (it carries candidates' data to one
    integration; PrivateResponsesMiddleware only sees session users), and the 405 that ninja
    answers for a method a path lacks as a problem too."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if response.status_code == 405 and response.get("Content-Type") != PROBLEM:
            allowed = response.get("Allow", "")
            response = problems.problem_response(
                problems.Problem(405, f"This path answers {allowed or 'no method'} only.")
            )
            response["Allow"] = allowed
        patch_cache_control(response, no_store=True, private=True)
        return response

    return wrapper


def public(patterns: list) -> list:
    """Neither a session login nor a CSRF token: every operation authenticates by its API key,
    sent by a program in a header (never by a browser's cookie), and the document and docs page
    are the same for everyone."""
    for entry in patterns:
        if isinstance(entry, URLResolver):
            public(entry.url_patterns)
        elif isinstance(entry, URLPattern):
            entry.callback = csrf_exempt(login_not_required(answered(entry.callback)))
    return patterns


def urlpatterns() -> list:
    patterns, app_name, namespace = api.urls
    tail = public([re_path(r"^(?P<rest>.*)$", problems.not_found, name="not_found")])
    return [path("", (public(patterns) + tail, app_name, namespace))]
