"""The candidate pages for hiring managers: every candidate's loops, and one candidate's loops with
each interview's state and report, the combined per-topic view and the hiring decision. Thin:
access helper, one selector or service call, render."""

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from interviews.models import Loop
from interviews.reports import services
from interviews.reports.access import (
    MANAGE_LINKS,
    VIEW_REPORT,
    candidate_for_auditor,
    refuse_while_scoring,
)
from interviews.reports.candidates import candidate_loops, candidates_with_loops
from interviews.reports.forms import DecisionForm, FeedbackLinkForm
from interviews.services import loop_decide

PAGE = "reports/candidate.html"
RECORD_DECISION = "interviews.record_decision"


@require_GET
def candidate_list(request):
    if not request.user.has_perm(VIEW_REPORT):
        raise Http404("No candidates here.")
    return render(
        request,
        "reports/candidates.html",
        {"rows": candidates_with_loops(reader_id=request.user.pk)},
    )


@require_GET
def candidate(request, pk: int):
    person = candidate_for_auditor(request.user, pk)
    return render(request, PAGE, page_context(request, person))


def page_context(request, person, **extra) -> dict:
    return {
        "candidate": person,
        "loops": candidate_loops(person, request.user),
        "can_decide": request.user.has_perm(RECORD_DECISION),
        "can_manage_links": request.user.has_perm(MANAGE_LINKS),
        "decision_form": DecisionForm(),
        "link_form": FeedbackLinkForm.with_defaults(),
    } | extra


def loop_for_decider(user, loop_pk: int, *, permission: str = RECORD_DECISION) -> Loop:
    """A loop for a hiring manager holding `permission`; 404 for anyone else, and refused while
    they still have a scorecard to submit in it."""
    if not (user.has_perm(VIEW_REPORT) and user.has_perm(permission)):
        raise Http404("No such loop.")
    loop = get_object_or_404(Loop.objects.select_related("candidate"), pk=loop_pk)
    refuse_while_scoring(user, loop_ids=[loop.pk])
    return loop


@require_POST
def loop_link_create(request, pk: int):
    """A feedback link for the whole loop; its URL is shown once, on the page this answers."""
    loop = loop_for_decider(request.user, pk, permission=MANAGE_LINKS)
    form = FeedbackLinkForm(request.POST)
    extra = {"link_form": form, "linked_loop": loop.pk}
    if form.is_valid():
        try:
            _, token = services.feedback_link_create(
                loop=loop,
                created_by=request.user,
                expires_at=form.expires_at,
                share_level=form.cleaned_data["share_level"],
            )
        except ValidationError as refused:
            extra["link_error"] = " ".join(refused.messages)
        else:
            url = reverse("reports:feedback", kwargs={"token": token})
            extra["new_link_url"] = request.build_absolute_uri(url)
    failed = "new_link_url" not in extra
    response = render(
        request, PAGE, page_context(request, loop.candidate, **extra), status=422 if failed else 201
    )
    return response


@require_POST
def loop_decision(request, pk: int):
    loop = loop_for_decider(request.user, pk)
    form = DecisionForm(request.POST)
    error = None
    if form.is_valid():
        try:
            loop_decide(loop=loop, decided_by=request.user, **form.cleaned_data)
        except ValidationError as refused:
            error = " ".join(refused.messages)
        else:
            if not request.htmx:
                return redirect("reports:candidate", pk=loop.candidate_id)
            form = DecisionForm()
    context = page_context(
        request, loop.candidate, decision_form=form, decision_error=error, decided_loop=loop.pk
    )
    status = 422 if error is not None or form.errors else 200
    if request.htmx:
        view = next(view for view in context["loops"] if view.loop.pk == loop.pk)
        return render(request, f"{PAGE}#decision", context | {"view": view}, status=status)
    return render(request, PAGE, context, status=status)
