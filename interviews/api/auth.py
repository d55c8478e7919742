"""Who calls: `Authorization: Bearer <key>`, checked on every call, then the operation's scope and
the key's rate limit. A missing, unknown or revoked key is a 401; a live key without the
operation's scope a 403; a key past its budget a 429 with Retry-After."""

from ninja.security import HttpBearer

from interviews.api.keys import key_for, record_use, spend
from interviews.api.models import ApiKey, Scope
from interviews.api.problems import Problem


class KeyAuth(HttpBearer):
    openapi_description = (
        "An API key an admin created for the integration (Admin → API keys), shown once."
    )

    def __init__(self, scope: str | None):
        super().__init__()
        self.scope = scope

    def authenticate(self, request, token: str) -> ApiKey | None:
        api_key = key_for(token)
        if api_key is None:
            return None
        if self.scope is not None and not api_key.allows(self.scope):
            raise Problem(403, f"This key lacks the `{self.scope}` scope.", kind="missing-scope")
        decision = spend(api_key)
        if not decision.allowed:
            raise Problem(
                429,
                f"Too many calls with this key; retry in {decision.retry_after} s.",
                kind="rate-limited",
                headers={"Retry-After": str(decision.retry_after)},
            )
        record_use(api_key)
        return api_key


ANY = KeyAuth(None)  # any live key: the key's own description
READ = KeyAuth(Scope.READ)
SCHEDULE = KeyAuth(Scope.SCHEDULE)
FEEDBACK_LINKS = KeyAuth(Scope.FEEDBACK_LINKS)


def sees_notes(request) -> bool:
    return request.auth.allows(Scope.NOTES_READ)
