"""The interview pages and the live console. Views parse, check access, call one service or
selector, and render: the page without htmx, one fragment of it with htmx."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRedirect, reswap, retarget, trigger_client_event

from interviews import forms, selectors, services
from interviews.access import loop_for_scheduler, scorecard_for_panelist
from interviews.models import CandidateLevel, Recommendation
from interviews.services.scoring import UnknownQuestion

CONSOLE = "interviews/console.html"


def home(request):
    context = {"scorecards": selectors.interviews_for_user(request.user)}
    if request.user.has_perm("interviews.schedule_interview"):
        context["all_interviews"] = selectors.interviews_for_manager()
    return render(request, "interviews/home.html", context)


@permission_required("interviews.schedule_interview", raise_exception=True)
def schedule(request):
    """A loop: the candidate and one to three interviews, each with its kit, time and panel."""
    loop_form = forms.LoopForm(request.POST or None)
    plans = forms.InterviewPlanFormSet(request.POST or None, prefix="interviews")
    refusals: list[str] = []
    if request.method == "POST" and all([loop_form.is_valid(), plans.is_valid()]):
        data = loop_form.cleaned_data
        try:
            loop = services.loop_schedule(
                candidate_name=data["candidate_name"],
                candidate_email=data["candidate_email"],
                role=data["role"],
                plans=planned(plans),
                created_by=request.user,
            )
        except ValidationError as error:
            refusals = error.messages
        else:
            count = loop.interviews.count()
            messages.success(
                request, f"Scheduled a loop of {count} interview{'s' if count > 1 else ''}: {loop}."
            )
            return redirect("interviews:home")
    return render_schedule(request, {"form": loop_form, "plans": plans, "refusals": refusals})


def loop_schedule_more(request, pk: int):
    """More interviews in an existing loop (the candidate page links here)."""
    loop = loop_for_scheduler(request.user, pk)
    plans = forms.InterviewPlanFormSet(request.POST or None, prefix="interviews")
    refusals: list[str] = []
    if request.method == "POST" and plans.is_valid():
        try:
            added = services.loop_add_interviews(
                loop=loop, plans=planned(plans), created_by=request.user
            )
        except ValidationError as error:
            refusals = error.messages
        else:
            messages.success(request, f"Added {len(added)} interview(s) to {loop}.")
            return redirect("interviews:home")
    return render_schedule(request, {"plans": plans, "loop": loop, "refusals": refusals})


def planned(plans) -> list:
    return [plan_form.plan() for plan_form in plans if plan_form.has_changed()]


def render_schedule(request, context: dict):
    form = context.get("form")
    failed = context["refusals"] or (form and form.errors) or context["plans"].total_error_count()
    return render(request, "interviews/schedule.html", context, status=422 if failed else 200)


def console_context(scorecard, **extra) -> dict:
    state = selectors.console_state(scorecard)
    return {
        "state": state,
        "pk": state.interview.pk,
        "presence": state.presence,
        "recommendations": Recommendation.choices,
        "levels": CandidateLevel.choices,
        "submit_form": extra.pop("submit_form", None) or forms.SubmitForm(),
        "amend_form": forms.AmendForm(
            questions=[item.question for item in state.outline], auto_id="amend-%s"
        ),
        **extra,
    }


def console(request, pk: int):
    scorecard = scorecard_for_panelist(request.user, pk)
    return render(request, CONSOLE, console_context(scorecard))


def back_to_console(request, pk: int, fragment: str | None = None, scorecard=None, **extra):
    """After a write: the fragment for htmx, a redirect (POST/redirect/GET) without it."""
    if request.htmx and fragment:
        return render(request, f"{CONSOLE}#{fragment}", console_context(scorecard, **extra))
    return redirect("interviews:console", pk=pk)


def problem(request, pk: int, message: str, status: int, scorecard=None):
    """A 4xx that names what was wrong (docs/htmx.md): for htmx a fragment that says it goes in
    the console's problems area, whatever the request's own target; the page with a message
    without."""
    if request.htmx:
        response = render(request, f"{CONSOLE}#problem", {"message": message}, status=status)
        return reswap(retarget(response, "#problems"), "innerHTML")
    messages.error(request, message)
    scorecard = scorecard or scorecard_for_panelist(request.user, pk)
    return render(request, CONSOLE, console_context(scorecard), status=status)


@require_POST
def start(request, pk: int):
    scorecard = scorecard_for_panelist(request.user, pk)
    services.interview_start(interview=scorecard.interview)
    return redirect("interviews:console", pk=pk)


@require_POST
def reschedule(request, pk: int):
    """The panel's lead moves an interview that has not started (hiring managers schedule)."""
    scorecard = scorecard_for_panelist(request.user, pk)
    if not scorecard.panelist.is_lead:
        return problem(request, pk, "Only the panel's lead reschedules the interview.", 403)
    form = forms.RescheduleForm(request.POST, interview=scorecard.interview)
    if not form.is_valid():
        return problem(request, pk, forms.first_error(form), 422)
    try:
        services.interview_reschedule(
            interview=scorecard.interview, scheduled_at=form.cleaned_data["scheduled_at"]
        )
    except ValidationError as error:
        return problem(request, pk, " ".join(error.messages), 409)
    messages.success(request, "Interview moved.")
    return redirect("interviews:console", pk=pk)


@require_POST
def go(request, pk: int):
    scorecard = scorecard_for_panelist(request.user, pk)
    form = forms.GoForm(request.POST)
    if not form.is_valid():
        return problem(request, pk, forms.first_error(form), 422)
    try:
        services.panelist_focus(panelist=scorecard.panelist, position=form.cleaned_data["position"])
    except UnknownQuestion as error:
        # The position came in the form, not the URL: input naming no question of this kit.
        return problem(request, pk, str(error), 422)
    except services.ScoringClosed as error:
        return problem(request, pk, str(error), 409)
    scorecard.panelist.refresh_from_db()
    return back_to_console(request, pk, "workspace", scorecard)


def save_part(request, pk: int, position: int, part: str, form, save):
    """Shared shape of the four live writes: parse, one conditional UPDATE, a status fragment.

    The UPDATE checks the panelist itself, so a write that succeeds costs one query. Any refusal
    but a conflict (found only on the user's own scorecard) first proves that the user is on
    the panel: everyone else gets the same 404 whatever was wrong with the request.
    """
    try:
        if not form.is_valid():
            raise services.InvalidRating(forms.first_error(form))
        rater = services.Rater(interview_id=pk, interviewer_id=request.user.pk)
        saved = save(rater=rater, position=position, **form.cleaned_data)
    except services.RatingConflict as conflict:
        # No access check here: a conflict is only found on the user's own scorecard.
        if request.htmx:
            context = {"conflict": conflict, "position": position, "interview_pk": pk}
            response = render(request, f"{CONSOLE}#conflict", context, status=409)
            # The console's saver holds this part until the panelist picks a value; "Keep mine"
            # sends it again on the stored version, which it reads here, never in the HTML.
            detail = {
                "position": position,
                "part": conflict.part,
                "stored_version": conflict.stored_version,
            }
            trigger_client_event(response, "rating-conflict", detail)
            return reswap(retarget(response, f"#conflicts-{position}"), "innerHTML")
        # Without JavaScript the page itself shows the stored value.
        message = f"Not saved: {conflict} The page shows the stored value."
        return problem(request, pk, message, 409)
    except (
        services.NotOnPanel,
        UnknownQuestion,
        services.ScoringClosed,
        services.InvalidRating,
    ) as refusal:
        scorecard = scorecard_for_panelist(request.user, pk)
        status = {UnknownQuestion: 404, services.ScoringClosed: 409}.get(type(refusal), 422)
        return problem(request, pk, str(refusal), status, scorecard)
    if request.htmx:
        response = render(request, f"{CONSOLE}#saved", {"saved": saved, "position": position})
        # The saver's next write of this part builds on this version (an event, not the HTML).
        detail = {"position": position, "part": saved.part, "version": saved.version}
        return trigger_client_event(response, "rating-saved", detail)
    return redirect("interviews:console", pk=pk)


@require_POST
def rate(request, pk: int, position: int):
    form = forms.LevelForm(request.POST)
    return save_part(request, pk, position, "level", form, services.rating_save_level)


@require_POST
def skip(request, pk: int, position: int):
    form = forms.SkipForm(request.POST)
    return save_part(request, pk, position, "level", form, services.rating_skip)


@require_POST
def signals(request, pk: int, position: int):
    form = forms.SignalsForm(request.POST)

    def save(*, rater, position, signal, version):
        return services.rating_save_signals(
            rater=rater, position=position, signal_ids=signal, version=version
        )

    return save_part(request, pk, position, "signals", form, save)


@require_POST
def notes(request, pk: int, position: int):
    form = forms.NotesForm(request.POST)
    return save_part(request, pk, position, "notes", form, services.rating_save_notes)


@require_POST
def presence(request, pk: int):
    scorecard = scorecard_for_panelist(request.user, pk)
    services.panelist_seen(panelist=scorecard.panelist)
    context = {"presence": selectors.presence_of(pk, scorecard.panelist), "pk": pk}
    if request.htmx:
        return render(request, f"{CONSOLE}#presence", context)
    return redirect("interviews:console", pk=pk)


@require_POST
def submit(request, pk: int):
    scorecard = scorecard_for_panelist(request.user, pk)
    form = forms.SubmitForm(request.POST)
    missing: list[str] = []
    if form.is_valid():
        try:
            services.scorecard_submit(scorecard=scorecard, **form.cleaned_data)
        except services.ScorecardIncomplete as incomplete:
            missing = incomplete.missing
    else:
        missing = [forms.first_error(form)]
    if not missing:
        messages.success(request, "Scorecard submitted. The panel's scorecards are now visible.")
        if request.htmx:
            return HttpResponseClientRedirect(reverse("interviews:console", kwargs={"pk": pk}))
        return redirect("interviews:console", pk=pk)
    extra = {"submit_form": form, "missing": missing}
    if request.htmx:
        fragment = f"{CONSOLE}#submit_panel"
        return render(request, fragment, console_context(scorecard, **extra), status=422)
    return render(request, CONSOLE, console_context(scorecard, **extra), status=422)


@require_POST
def amend(request, pk: int):
    scorecard = scorecard_for_panelist(request.user, pk)
    form = forms.AmendForm(request.POST, questions=scorecard.interview.questions.all())
    if not form.is_valid():
        return problem(request, pk, forms.first_error(form), 422)
    try:
        services.scorecard_amend(
            scorecard=scorecard,
            author=request.user,
            reason=form.cleaned_data["reason"],
            **form.amendment(),
        )
    except services.ScorecardNotSubmitted as error:
        return problem(request, pk, f"Not amended: {error}", 409)
    except (ValueError, LookupError) as error:
        return problem(request, pk, f"Not amended: {error}", 422)
    messages.success(request, "Amendment recorded.")
    return redirect("interviews:console", pk=pk)
