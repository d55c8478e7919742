"""The read-only question bank for anyone allowed to view questions (interviewers, managers).

Curation happens in the admin (questionbank/admin/); these pages never write.
"""

from django.contrib.auth.decorators import permission_required
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from questionbank import selectors
from questionbank.forms import QuestionSearchForm

MAX_REVISION_DIGITS = 9


@require_GET
@permission_required("questionbank.view_question", raise_exception=True)
def question_list(request):
    """Published questions grouped by topic; GET ?q= searches, ?topic=<slug> filters."""
    form = QuestionSearchForm(request.GET, topics=selectors.topics_with_published_questions())
    filters = form.filters()
    questions = selectors.published_questions(**filters)
    return render(
        request,
        "questionbank/question_list.html",
        {"form": form, "filters": filters, "questions": questions},
    )


@require_GET
@permission_required("questionbank.view_question", raise_exception=True)
def question_detail(request, slug: str):
    """The question card of a published question's current revision, or ?revision=N."""
    question = selectors.published_question(slug)
    number = revision_number(request.GET.get("revision"))
    revision = selectors.revision_for_display(question, number, published_only=True)
    return render(
        request,
        "questionbank/question_detail.html",
        {
            "question": question,
            "revision": revision,
            "revision_numbers": selectors.published_revision_numbers(question),
        },
    )


def revision_number(value: str | None) -> int | None:
    if value is None or value == "":
        return None
    if not (value.isascii() and value.isdigit()) or len(value) > MAX_REVISION_DIGITS:
        raise Http404("There is no such revision.")
    return int(value)
