"""The API's operations, one module per resource."""

from ninja import NinjaAPI


def register(api: NinjaAPI) -> None:
    from interviews.api.routes import keys

    api.add_router("", keys.router)
