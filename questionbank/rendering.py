"""Markdown to safe HTML: a real Markdown parser, Pygments for code, nh3 to sanitise the result.

Beyond nh3's defaults: a link must stay on this site or name its scheme (http, https, mailto),
so `//host`, `\\host` and their variants with tabs or backslashes, which a browser reads as
another site, are dropped; and the only classes kept are Pygments' token classes and the code
box's, so a question cannot dress its text as one of the app's own banners or messages.
"""

import markdown
import nh3
from pygments.token import STANDARD_TYPES

ALLOWED_TAGS = {
    "p", "br", "hr", "em", "strong", "code", "pre", "kbd", "blockquote", "ul", "ol", "li",
    "h3", "h4", "h5", "h6", "a", "table", "thead", "tbody", "tr", "th", "td", "span", "div",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
ALLOWED_CLASSES = {
    "span": {name for name in STANDARD_TYPES.values() if name},
    "div": {"highlight"},
}
# What a browser ignores or reads as "/" at the start of a URL.
IGNORED_IN_URLS = str.maketrans({"\t": None, "\n": None, "\r": None, "\\": "/"})


def off_site(href: str) -> bool:
    """A link without a scheme that a browser resolves to another host (scheme-relative)."""
    url = href.translate(IGNORED_IN_URLS).lstrip("".join(map(chr, range(33))))
    return url.startswith("//")


def keep_attribute(tag: str, attribute: str, value: str) -> str | None:
    if tag == "a" and attribute == "href" and off_site(value):
        return None
    return value


def render_markdown(text: str) -> str:
    if not text:
        return ""
    html = markdown.markdown(
        text,
        extensions=["fenced_code", "codehilite", "tables", "sane_lists"],
        extension_configs={"codehilite": {"css_class": "highlight", "guess_lang": False}},
        output_format="html",
    )
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        allowed_classes=ALLOWED_CLASSES,
        attribute_filter=keep_attribute,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )
