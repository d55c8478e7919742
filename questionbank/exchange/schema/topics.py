"""topics[]: a topic's slug, name, description and learning notes."""

from questionbank.exchange.reading import YList
from questionbank.exchange.schema.base import Checker, TopicRow

# Field name -> required. The order is the order export writes them in.
TOPIC_FIELDS = {"slug": True, "name": True, "description": False, "learning": False}


def topic(checker: Checker, items: YList, index: int, path: tuple) -> None:
    before = len(checker.problems)
    item = checker.mapping(items, index, path, TOPIC_FIELDS)
    if item is None:
        return
    here = (*path, index)
    slug = checker.slug(item, "slug", here, limit=80)
    name = checker.text(item, "name", here, one_line=True, limit=120)
    description = checker.text(item, "description", here, required=False)
    learning = checker.text(item, "learning", here, required=False)
    if slug is not None:
        checker.out.defines.append(("topic", slug, checker.where(item, "slug", here)))
    if len(checker.problems) == before:
        checker.out.topics.append(TopicRow(slug, name, description, learning))
