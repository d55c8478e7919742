"""The API's operations, one module per kind. Reads and writes share one router: Django matches a
path to one view, so GET and POST on /interviews must be the same path operation. Reads need
`read`, the router's default; each write names its own scope."""

from ninja import NinjaAPI, Router

from interviews.api.auth import READ

router = Router(auth=READ)


def register(api: NinjaAPI) -> None:
    from interviews.api.routes import keys, reads, writes  # noqa: F401  (they fill `router`)

    api.add_router("", keys.router)
    api.add_router("", router)
