"""Candidate reports: built by Celery from the submitted scorecards, read by hiring managers and the
panel, shared with the candidate through private feedback links.

No models live here: they are in interviews/models_reports.py (part of the interviews app).
"""
