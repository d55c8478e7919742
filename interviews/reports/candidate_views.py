"""The candidate pages for hiring managers: every candidate's loops, and one candidate's loops with
each interview's state and report, the combined per-topic view and the hiring decision. Thin:
access helper, one selector or service call, render."""

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from interviews.models import Loop
from interviews.reports.access import VIEW_REPORT, candidate_for_auditor, refuse_while_scoring
from interviews.reports.candidates import candidate_loops, candidates_with_loops
from interviews.reports.forms import DecisionForm
from interviews.services import loop_decide

PAGE = "reports/candidate.html"
RECORD_DECISION = "interviews.record_decision"


@require_GET
def candidate_list(request):
    if not request.user.has_perm(VIEW_REPORT):
        raise Http404("No candidates here.")
    return render(request, "reports/candidates.html", {"rows": candidates_with_loops()})


@require_GET
def candidate(request, pk: int):
    person = candidate_for_auditor(request.user, pk)
    return render(request, PAGE, page_context(request, person))


def page_context(request, person, **extra) -> dict:
    return {
        "candidate": person,
        "loops": candidate_loops(person, request.user),
        "can_decide": request.user.has_perm(RECORD_DECISION),
        "decision_form": DecisionForm(),
    } | extra


def loop_for_decider(user, loop_pk: int) -> Loop:
    if not (user.has_perm(VIEW_REPORT) and user.has_perm(RECORD_DECISION)):
        raise Http404("No such loop.")
    loop = get_object_or_404(Loop.objects.select_related("candidate"), pk=loop_pk)
    refuse_while_scoring(user, loop_ids=[loop.pk])
    return loop


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
    failed = error is not None or form.errors
    if request.htmx:
        view = next(view for view in context["loops"] if view.loop.pk == loop.pk)
        return render(request, f"{PAGE}#decision", context | {"view": view})
    return render(request, PAGE, context, status=422 if failed else 200)
