"""The admin pages for webhooks (superusers: no role holds these permissions).

Endpoints are registered and edited here; events and deliveries are read-only records, except
for "Re-send", which asks for another attempt now through the service.
"""

from functools import partial

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.db import transaction

from interviews.webhooks.models import Attempt, Delivery, Endpoint, Event, EventType
from interviews.webhooks.services import delivery_resend
from interviews.webhooks.tasks import delivery_enqueue


class EndpointForm(forms.ModelForm):
    events = forms.MultipleChoiceField(
        choices=EventType.choices, widget=forms.CheckboxSelectMultiple, required=False
    )

    class Meta:
        model = Endpoint
        fields = ["url", "description", "events", "is_active"]

    def clean_url(self) -> str:
        url = self.cleaned_data["url"]
        # Checked again, with the address resolved, at every delivery (transport.py): this is
        # only the early, friendly refusal.
        if not settings.WEBHOOK_ALLOW_LOCAL_ADDRESSES and not url.lower().startswith("https://"):
            raise forms.ValidationError("An endpoint must use https.")
        return url


@admin.register(Endpoint)
class EndpointAdmin(admin.ModelAdmin):
    form = EndpointForm
    list_display = ["id", "url", "description", "subscribed", "is_active", "created_at"]
    list_filter = ["is_active"]
    readonly_fields = ["secret", "created_at"]

    @admin.display(description="events")
    def subscribed(self, endpoint: Endpoint) -> str:
        return ", ".join(endpoint.events) or "none"

    def get_fields(self, request, obj=None):
        # The secret exists once the endpoint is saved: shown then, for the receiver to verify with.
        fields = ["url", "description", "events", "is_active"]
        return [*fields, "secret", "created_at"] if obj else fields


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class AttemptInline(admin.TabularInline):
    model = Attempt
    fields = ["number", "started_at", "outcome", "response_code", "duration_ms", "error"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Delivery)
class DeliveryAdmin(ReadOnlyAdmin):
    list_display = [
        "id",
        "event_type",
        "webhook_id",
        "endpoint",
        "status",
        "attempts",
        "last_response_code",
        "next_attempt_at",
        "delivered_at",
    ]
    list_filter = ["status", "event__type", "endpoint"]
    list_select_related = ["event", "endpoint"]
    search_fields = ["event__webhook_id"]
    inlines = [AttemptInline]
    actions = ["resend"]

    @admin.display(description="event", ordering="event__type")
    def event_type(self, delivery: Delivery) -> str:
        return delivery.event.type

    @admin.display(description="webhook-id")
    def webhook_id(self, delivery: Delivery) -> str:
        return delivery.event.webhook_id

    def has_resend_permission(self, request) -> bool:
        return request.user.has_perm("webhooks.change_delivery")

    @admin.action(description="Re-send now (same webhook-id)", permissions=["resend"])
    def resend(self, request, queryset) -> None:
        with transaction.atomic():
            for delivery in queryset:
                delivery_resend(delivery=delivery)
                transaction.on_commit(
                    partial(delivery_enqueue, delivery_id=delivery.pk), robust=True
                )
        messages.success(request, f"{queryset.count()} delivery(ies) will be sent again now.")


@admin.register(Event)
class EventAdmin(ReadOnlyAdmin):
    list_display = ["id", "type", "webhook_id", "created_at"]
    list_filter = ["type"]
    search_fields = ["webhook_id"]
