"""Calibration summarises the ratings of completed interviews: when the interviews app announces
new or changed ones (interviews/signals.py), a refresh is queued once that transaction commits."""

from django.dispatch import receiver

from interviews.calibration.tasks import calibration_refresh_on_commit
from interviews.signals import interview_completed, scorecard_amended


@receiver(interview_completed, dispatch_uid="calibration-refresh-on-completion")
@receiver(scorecard_amended, dispatch_uid="calibration-refresh-on-amendment")
def refresh_after_new_ratings(sender, **kwargs) -> None:
    calibration_refresh_on_commit()
