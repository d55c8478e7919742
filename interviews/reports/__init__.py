"""Candidate reports: built by Celery from the submitted scorecards, read by hiring managers and the
panel, shared with the candidate through private feedback links. A Django app of its own (label
`reports`): it builds on interviews and questionbank, which never import it."""
