"""Platform administration of organisations and memberships.

The Django admin is for platform administrators only; case data is not registered here at all, so
administering the platform never opens a case. Every change is audited in its transaction.
"""

from __future__ import annotations

from django.contrib import admin

from korgoo.audit.admin import AuditedModelAdmin

from .models import Membership, Organisation


@admin.register(Organisation)
class OrganisationAdmin(AuditedModelAdmin):
    list_display = ["name", "kind", "country", "city", "woman_caseworker_available", "is_active"]
    list_filter = ["kind", "country", "is_active"]
    search_fields = ["name", "city"]


@admin.register(Membership)
class MembershipAdmin(AuditedModelAdmin):
    list_display = ["user", "organisation", "role", "is_active"]
    list_filter = ["role", "is_active", "organisation"]
    autocomplete_fields = ["user", "organisation"]
