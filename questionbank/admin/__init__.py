"""Curation in the Django admin: topics, questions and their revisions, kits, YAML import.

Curators (config/roles.py) hold permissions on this app only, so the admin shows them nothing
else. A published revision is frozen: its admin page is read-only, and "Edit as new revision"
starts the next draft from it. The admin parses, calls questionbank.services (every write, and
every publishing rule) and questionbank.selectors, and renders; one module per page family:

    topics.py      the topic list
    questions.py   the question list, its change page and actions, "Edit as new revision"
    history.py     a question's revision history and the difference between two revisions
    importing.py   the YAML upload
    revisions.py   a revision's page: its rubric inlines (inlines.py), preview and publish
    kits.py        kits and their ordered questions
    shared.py      what they share: the stylesheet, the badges, the 404 for a missing object
"""

from questionbank.admin import kits, questions, revisions, topics

__all__ = ["kits", "questions", "revisions", "topics"]
