"""The YAML upload: a page of QuestionAdmin. The importer checks every file and applies them all
at once, or changes nothing and lists every mistake."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from questionbank.forms import MAX_IMPORT_BYTES, ImportSizeLimit, YamlImportForm, too_big_message


class YamlImportPage:
    """For QuestionAdmin, which routes import/ here."""

    @csrf_exempt  # checked below, after the upload size guard is in place
    def import_view(self, request):
        """Upload YAML files; the importer checks them all and applies them at once, or nothing."""
        if not (self.has_add_permission(request) and self.has_change_permission(request)):
            raise PermissionDenied
        limit = ImportSizeLimit(request)
        # Before anything reads the body, so an oversized upload is never stored.
        request.upload_handlers.insert(0, limit)
        return csrf_protect(self._import)(request, limit)

    def _import(self, request, limit: ImportSizeLimit):
        form = YamlImportForm()
        errors: list[str] = []
        more, total = "", 0  # past the listed errors: "and 1,234 more problems"; all of them
        status = 200
        if request.method == "POST":
            form = YamlImportForm(request.POST, request.FILES)
            if limit.exceeded:
                form = YamlImportForm()
                errors = [too_big_message()]
                status = 413
            elif not form.is_valid():
                status = 422
            else:
                from questionbank.importer import ImportFailed, import_sources

                try:
                    report = import_sources(form.sources())
                except ImportFailed as failure:
                    errors = list(failure.errors) or [str(failure)]
                    more, total = failure.more_text, failure.total
                    status = 422
                else:
                    messages.success(request, report.summary())
                    return HttpResponseRedirect(reverse("admin:questionbank_question_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "Import questions from YAML",
            "form": form,
            "errors": errors,
            "more": more,
            "total": f"{total or len(errors):,}",
            "max_bytes": MAX_IMPORT_BYTES,
        }
        return TemplateResponse(
            request, "admin/questionbank/question/import.html", context, status=status
        )
