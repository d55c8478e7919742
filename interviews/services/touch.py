"""`updated_at` on interviews, loops and candidates: moved by every service that changes what the
API shows of them, in the writing transaction, so that `?updated_since=` finds the change.

An interview's change moves its loop and its candidate too (a loop shows its interviews and
decision; a candidate is re-read when anything of theirs moves). A submitted scorecard, or an
amendment to one, is a change to its interview. Live rating writes during the interview are not:
the API never shows an unsubmitted scorecard, and they are the app's hottest write (one UPDATE,
bench/README.md), which an UPDATE of three more rows would slow for nothing the API can see.
"""

from django.utils import timezone

from interviews.models import Candidate, Interview, Loop


def interview_touched(interview: Interview) -> None:
    now = timezone.now()
    Interview.objects.filter(pk=interview.pk).update(updated_at=now)
    Loop.objects.filter(pk=interview.loop_id).update(updated_at=now)
    Candidate.objects.filter(pk=interview.candidate_id).update(updated_at=now)


def loop_touched(loop: Loop) -> None:
    now = timezone.now()
    Loop.objects.filter(pk=loop.pk).update(updated_at=now)
    Candidate.objects.filter(pk=loop.candidate_id).update(updated_at=now)
