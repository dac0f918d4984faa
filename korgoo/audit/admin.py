"""An admin base class that audits every change in its transaction (platform administration)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import transaction

from korgoo.core.actor import Actor

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
