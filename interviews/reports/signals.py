"""What the reports app announces to the apps built on it (webhooks).

reports imports none of them: they listen. Each signal is sent inside the transaction that made
the change, so what a receiver writes (a webhook's outbox row) commits or rolls back with it.
"""

from django.dispatch import Signal

# A report request was fulfilled: the interview's report is built (or was already, for the same
# inputs) and readable. Sent with: report_id (int), interview_id (int).
report_ready = Signal()

# A candidate opened a feedback link for the first time (later views send nothing: the integrator
# wants to know that it was read, not to be told at every reload).
# Sent with: link_id (int).
feedback_link_viewed = Signal()
