"""An admin base class that audits every change in its transaction (platform administration)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import transaction

from korgoo.core.actor import Actor

from .models import AuditEvent
from .selectors import audit_events_for
from .services import audit_record


def _actor(request: Any) -> Actor:
    return Actor(user=request.user, is_platform_admin=bool(request.user.is_superuser))


class AuditedModelAdmin(admin.ModelAdmin):
    """Saves and deletions leave an audit row naming the administrator and the changed fields."""

    @transaction.atomic
    def save_model(self, request: Any, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        audit_record(
            actor=_actor(request),
            action=f"{obj._meta.model_name}.{'changed' if change else 'created'}",
            object_type=obj._meta.model_name,
            object_id=obj.pk,
            details={"fields": sorted(form.changed_data)},
        )

    @transaction.atomic
    def delete_model(self, request: Any, obj: Any) -> None:
        audit_record(
            actor=_actor(request),
            action=f"{obj._meta.model_name}.deleted",
            object_type=obj._meta.model_name,
            object_id=obj.pk,
        )
        super().delete_model(request, obj)


@admin.register(AuditEvent)
class PlatformAuditEventAdmin(admin.ModelAdmin):
    """The platform's own audit events (logins to the administration, changes made here) for the
    platform administrators, read-only. Organisations' events are for their own administrators (the
    staff page and API); no row holds the content of a case."""

    list_display = ["at", "action", "actor_user_id", "object_type", "object_id"]
    list_filter = ["action"]
    date_hierarchy = "at"
    fields = readonly_fields = (
        "at",
        "action",
        "actor_user_id",
        "object_type",
        "object_id",
        "details",
        "chain",
        "seq",
        "hash",
    )
    show_full_result_count = False

    def get_queryset(self, request: Any) -> Any:
        return audit_events_for(actor=_actor(request))

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_view_permission(self, request: Any, obj: Any = None) -> bool:
        return bool(request.user.is_active and request.user.is_superuser)
