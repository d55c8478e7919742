"""Every route in the URL conf, with a concrete sample path for each."""

import re

from django.urls import URLPattern, URLResolver, get_resolver

SAMPLE = {
    "id": "1",
    "position": "1",
    "int": "1",
    "slug": "sample",
    "str": "sample",
    "uuid": "0" * 8 + "-0000-0000-0000-" + "0" * 12,
}


def walk(patterns, prefix: str = "", namespace: str = ""):
    for entry in patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from walk(entry.url_patterns, route, inner)
        elif isinstance(entry, URLPattern):
            yield f"{namespace}{entry.name or ''}", route


def concrete(route: str, sample: dict[str, str] = SAMPLE) -> str:
    path = re.sub(r"<(?:(\w+):)?\w+>", lambda m: sample.get(m.group(1) or "str", "1"), route)
    return "/" + path.lstrip("^").rstrip("$")


def routes() -> list[tuple[str, str]]:
    """(name, route) of every path() route; the admin's regex routes are left out."""
    every = walk(get_resolver().url_patterns)
    return [(name, route) for name, route in every if "(?P" not in route]
