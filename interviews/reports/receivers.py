"""What reports do when the interviews app announces a change (interviews/signals.py).

Receivers run inside the sender's transaction: the report request they write commits with the
completion or amendment that caused it, and its build is enqueued only after that commit.
"""

from django.dispatch import receiver

from interviews.models import Interview
from interviews.reports.models import ReportRequest
from interviews.reports.services import report_request_create
from interviews.reports.tasks import report_build_on_commit
from interviews.signals import interview_completed, scorecard_amended


@receiver(interview_completed, dispatch_uid="reports-request-on-completion")
def request_report(sender, *, interview_id: int, **kwargs) -> None:
    request = report_request_create(interview_id=interview_id)
    report_build_on_commit(request.pk)


@receiver(scorecard_amended, dispatch_uid="reports-rebuild-on-amendment")
def rebuild_amended_report(sender, *, interview_id: int, author, **kwargs) -> None:
    # Before completion there is no report yet: the last submit will build it with the new values.
    # Read under the interview's lock, which the completing submit holds until it commits: a
    # check without it could miss a completion racing this amendment, and then every report.
    state = (
        Interview.objects.select_for_update()
        .filter(pk=interview_id)
        .values_list("state", flat=True)
        .first()
    )
    if state != Interview.State.COMPLETED:
        return
    request = report_request_create(
        interview_id=interview_id, reason=ReportRequest.Reason.REBUILD, requested_by=author
    )
    report_build_on_commit(request.pk)
