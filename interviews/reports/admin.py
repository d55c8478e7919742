"""Read-only admin pages for operators (superusers; no role holds these permissions): the report
requests with what became of each (the outbox), and the feedback links' states. Every change goes
through the app's own pages and services, so nothing here can be edited or deleted."""

from django.contrib import admin

from interviews.reports.models import FeedbackLink, ReportRequest


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ReportRequest)
class ReportRequestAdmin(ReadOnlyAdmin):
    list_display = ["id", "interview", "status", "reason", "attempts", "created_at", "finished_at"]
    list_filter = ["status", "reason"]
    list_select_related = ["interview__candidate", "interview__kit"]
    search_fields = ["interview__candidate__name", "error"]


@admin.register(FeedbackLink)
class FeedbackLinkAdmin(ReadOnlyAdmin):
    # The token itself is never stored; the hash is left out too (nothing to do with it here).
    list_display = ["id", "report", "state", "expires_at", "view_count", "last_viewed_at"]
    list_select_related = ["report__interview__candidate", "report__interview__kit"]
    exclude = ["token_hash"]
