"""The JSON API under /api/v1/ for integrations (an applicant tracking system): keys, scopes,
problem details, and the resources. Its own Django app (label `api`) inside interviews."""
