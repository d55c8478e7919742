from ninja import Router, Schema

from interviews.api.auth import ANY
from interviews.api.schemas import answers

router = Router(tags=["keys"])


class KeyOut(Schema):
    name: str
    prefix: str
    scopes: list[str]


@router.get("/key", auth=ANY, response=answers({200: KeyOut}))
def key_get(request):
    """The key this call is made with: its integration's name and its scopes."""
    key = request.auth
    return KeyOut(name=key.name, prefix=key.prefix, scopes=key.scopes)
