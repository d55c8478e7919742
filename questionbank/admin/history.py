"""A question's revisions, and the difference between two of them: a page of QuestionAdmin."""

from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse

from questionbank import selectors
from questionbank.diff import revision_diff
from questionbank.forms import RevisionCompareForm
from questionbank.services import RevisionContent


class RevisionHistoryPage:
    """For QuestionAdmin, which routes <id>/revisions/ here and finds the question."""

    def revisions_view(self, request, object_id):
        """A question's revisions, and the difference between two of them (?old=N&new=M)."""
        question = self._question_or_404(request, object_id)
        if not self.has_view_permission(request, question):
            raise PermissionDenied
        revisions = list(selectors.question_revisions(question))
        numbers = [revision.number for revision in revisions]
        form = diff = old = new = None
        status = 200
        if len(numbers) >= 2:
            chosen = "old" in request.GET or "new" in request.GET
            data = request.GET if chosen else {"old": numbers[1], "new": numbers[0]}
            form = RevisionCompareForm(data, numbers=numbers)
            if form.is_valid():
                old, new = selectors.revision_pair(
                    question, form.cleaned_data["old"], form.cleaned_data["new"]
                )
                diff = revision_diff(RevisionContent.of(old), RevisionContent.of(new))
            else:
                status = 400
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": f"Revisions of {question.slug}",
            "question": question,
            "original": question,
            "revisions": revisions,
            "form": form,
            "diff": diff,
            "old": old,
            "new": new,
        }
        return TemplateResponse(
            request, "admin/questionbank/question/revisions.html", context, status=status
        )
