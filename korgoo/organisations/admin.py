"""Platform administration of organisations and memberships.

The Django admin is for platform administrators only; case data is not registered here at all, so
administering the platform never opens a case. Every change is audited in its transaction.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import transaction

from korgoo.audit.services import audit_record
from korgoo.core.actor import Actor

from .models import Membership, Organisation


def _actor(request: Any) -> Actor:
    return Actor(user=request.user, is_platform_admin=bool(request.user.is_superuser))


class AuditedAdmin(admin.ModelAdmin):
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


@admin.register(Organisation)
class OrganisationAdmin(AuditedAdmin):
    list_display = ["name", "kind", "country", "city", "woman_caseworker_available", "is_active"]
    list_filter = ["kind", "country", "is_active"]
    search_fields = ["name", "city"]


@admin.register(Membership)
class MembershipAdmin(AuditedAdmin):
    list_display = ["user", "organisation", "role", "is_active"]
    list_filter = ["role", "is_active", "organisation"]
    autocomplete_fields = ["user", "organisation"]
