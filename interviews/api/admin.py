"""API keys in the admin: create one per integration (the key is shown once, on the page that
answers the creation, and never stored or sent again), choose its scopes, revoke it."""

from django import forms
from django.contrib import admin, messages
from django.template.response import TemplateResponse
from django.utils import timezone

from interviews.api.keys import new_key
from interviews.api.models import ApiKey, Scope


class ApiKeyForm(forms.ModelForm):
    scopes = forms.MultipleChoiceField(
        choices=Scope.choices, widget=forms.CheckboxSelectMultiple, required=True
    )

    class Meta:
        model = ApiKey
        fields = ["name", "scopes"]


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    form = ApiKeyForm
    list_display = ["name", "prefix", "scope_list", "created_by", "created_at", "last_used_at"]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter)]
    readonly_fields = ["prefix", "created_by", "created_at", "last_used_at", "revoked_at"]
    actions = ["revoke"]
    search_fields = ["name", "prefix"]

    @admin.display(description="scopes")
    def scope_list(self, key: ApiKey) -> str:
        return "revoked" if key.is_revoked else ", ".join(key.scopes)

    def has_delete_permission(self, request, obj=None):
        return False  # revoke instead: what a key did stays attributable to it

    def save_model(self, request, obj, form, change):
        if not change:
            made = new_key()
            obj.prefix, obj.key_hash, obj.created_by = made.prefix, made.digest, request.user
            # Only on this request's object, for response_add; never saved.
            obj.key_in_clear = made.key
        super().save_model(request, obj, form, change)

    def response_add(self, request, obj, post_url_continue=None):
        """The key, this once, on the page itself: a redirect would carry it through the
        session or a cookie."""
        context = {
            **self.admin_site.each_context(request),
            "title": "API key created",
            "key": obj,
            "key_in_clear": obj.key_in_clear,
            "opts": self.model._meta,
        }
        response = TemplateResponse(request, "api/key_created.html", context)
        return response

    @admin.action(description="Revoke the selected keys (their next call gets a 401)")
    def revoke(self, request, queryset):
        count = queryset.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
        messages.success(request, f"Revoked {count} key{'s' if count != 1 else ''}.")
