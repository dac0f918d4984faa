"""The registry of recruitment agencies and the reports linked to them.

An agency comes from the Ministry's published list of permitted agencies (`in_registry`), loaded by
`korgoo import_agencies`, or only from workers' reports of intermediary fraud (a name no agency of the
registry matched). A report is linked by the case's id only, never with its content: the cases app
sits above this one, so the link is a plain UUID, written by `agency_report_link` when a case is
opened and erased by `agency_reports_forget` when the case's content is erased.
"""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.utils.translation import gettext_lazy as _

from korgoo.core.models import PublicModel

from .choices import Verdict


class RegistryImport(models.Model):
    """One load of the registry: which file, when the list was taken, and whether it is demo data."""

    file_name = models.CharField(max_length=200)
    file_sha256 = models.CharField(max_length=64)
    taken_on = models.DateField(_("list taken on"))
    imported_at = models.DateTimeField()
    is_demo = models.BooleanField(default=False)
    counts = models.JSONField(default=dict)

    class Meta:
        ordering = ["-imported_at"]


class Agency(PublicModel):
    """A recruitment agency. For one in the registry: its permit number, dates, destination countries
    and whether the Ministry suspended it. `delisted_on` is set when a later list no longer has it."""

    name = models.CharField(_("name"), max_length=300)
    name_latin = models.CharField(_("name in Latin letters"), max_length=300, blank=True)
    name_key = models.CharField(max_length=300, db_index=True)  # the skeleton of `name` (matching)
    in_registry = models.BooleanField(default=True)
    permit_number = models.CharField(_("permit number"), max_length=100, blank=True)
    permit_key = models.CharField(max_length=100, blank=True)
    permit_issued_on = models.DateField(_("permit issued on"), null=True, blank=True)
    permit_valid_until = models.DateField(_("permit valid until"), null=True, blank=True)
    destination_countries = models.JSONField(_("destination countries"), default=list, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    suspended = models.BooleanField(_("permit suspended"), default=False)
    delisted_on = models.DateField(null=True, blank=True)
    is_demo = models.BooleanField(default=False)
    registry_import = models.ForeignKey(RegistryImport, on_delete=models.SET_NULL, null=True, blank=True)
    hidden = models.BooleanField(default=False)  # a reported name a coordinator dismissed

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["permit_key"], condition=~models.Q(permit_key=""), name="agencies_permit_unique"
            )
        ]
        indexes = [models.Index(fields=["in_registry", "name_key"], name="agencies_registry_name")]
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")

    def __str__(self) -> str:
        return self.name

    def verdict(self, today: dt.date) -> str:
        """What the registry says about this agency on `today`."""
        if not self.in_registry:
            return Verdict.NOT_FOUND
        if self.delisted_on is not None:
            return Verdict.DELISTED
        if self.suspended:
            return Verdict.SUSPENDED
        if self.permit_valid_until is not None and self.permit_valid_until < today:
            return Verdict.EXPIRED
        return Verdict.LICENSED


class AgencyReport(models.Model):
    """A worker's report of intermediary fraud linked to an agency: the case's id and the day, no
    more. One link per case."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="reports")
    case_id = models.UUIDField(unique=True)
    reported_on = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["agency", "reported_on"], name="agencies_report_agency")]
