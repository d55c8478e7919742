"""What the interviews app announces to the apps built on it (reports, calibration).

interviews imports neither of them: they listen. Each signal is sent inside the transaction that
made the change, so whatever a receiver writes (a report request, the outbox row) commits or rolls
back with it, and work for after the commit is registered with transaction.on_commit.
"""

from django.dispatch import Signal

# The last panelist submitted and the interview is now completed.
# Sent with: interview_id (int).
interview_completed = Signal()

# A submitted scorecard was changed (an Amendment row was written).
# Sent with: interview_id (int), scorecard_id (int), author (the user who amended it).
scorecard_amended = Signal()

# An interview was scheduled (alone or as part of a loop).
# Sent with: interview_id (int).
interview_scheduled = Signal()

# A panelist submitted their scorecard (the first time; a repeated submit sends nothing).
# Sent with: interview_id (int), scorecard_id (int).
scorecard_submitted = Signal()

# A hiring manager recorded (or changed) a loop's hiring decision.
# Sent with: loop_id (int), decision_id (int).
decision_recorded = Signal()

# The panel's lead is on a question: the interview went live (position 1), or the lead moved.
# Sent with: interview_id (int), position (int). The rooms app follows the lead with it.
lead_on_question = Signal()

# The interview was cancelled. Sent with: interview_id (int). The rooms app closes the room.
interview_cancelled = Signal()

# Asked (not announced) while a candidate's calendar invite is built: a receiver answers with the
# path of the candidate's way into the interview. Sent with: interview (Interview). The rooms app
# answers with the room link; without it, the candidate gets no invite.
candidate_link_wanted = Signal()
