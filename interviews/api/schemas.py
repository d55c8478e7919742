"""What the API sends and accepts, typed: the OpenAPI document is generated from these."""

from interviews.api.problems import ProblemOut

# Every operation may answer these, all as problem details.
ERRORS = frozenset({400, 401, 403, 404, 409, 422, 429})


def answers(ok: dict) -> dict:
    return ok | {ERRORS: ProblemOut}
