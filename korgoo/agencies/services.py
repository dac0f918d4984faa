"""Writes to the agency registry: loading the Ministry's list, linking workers' reports of
intermediary fraud to agencies, and the coordinators' work on reported names.

Nobody edits a permit by hand: the registry is what the Ministry published, loaded by
`agencies_import`. Coordinators (AGENCIES_MONITOR) merge a reported name into the registry agency it
means, or dismiss it.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from korgoo.audit.services import audit_record
from korgoo.core.actor import Actor
from korgoo.core.errors import ApplicationError, NotFound
from korgoo.core.indexing import ContentKind, content_changed
from korgoo.organisations.permissions import Perm, ensure_permission

from .loaders import RegistryFile
from .matching import Candidate, best_matches, clean_name, permit_key, skeleton
from .models import Agency, AgencyReport, RegistryImport
from .selectors import registry_candidates

# A reported name is linked to a registry agency only when it matches this well (0–100).
LINK_THRESHOLD = 92.0


@dataclass
class ImportReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    delisted: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        out = [
            f"agencies: {len(self.created)} created, {len(self.updated)} updated, "
            f"{len(self.unchanged)} unchanged, {len(self.delisted)} no longer listed"
        ]
        out += [f"  created: {n}" for n in self.created]
        out += [f"  updated: {n}" for n in self.updated]
        out += [f"  no longer listed: {n}" for n in self.delisted]
        return out


class DemoRegistryRefused(ApplicationError):
    pass


@transaction.atomic
def agencies_import(
    *, registry: RegistryFile, taken_on: dt.date | None = None, allow_demo: bool = False
) -> ImportReport:
    """Load one published list of permitted agencies.

    Agencies are matched by permit number, then by name (an agency renewed under a new number keeps
    its reports). An agency of an earlier list that is not in this one is marked no longer listed;
    one that comes back is listed again. The same file loaded twice changes nothing. A file of demo
    permits is loaded only when asked (`allow_demo`), and the registry then says it is demo data.
    """
    if registry.is_demo and not allow_demo:
        raise DemoRegistryRefused(
            "demo_registry", _("This file holds demo permits (DEMO-…); load it only as demo data.")
        )
    today = timezone.localdate()
    report = ImportReport()
    loaded = RegistryImport.objects.create(
        file_name=registry.name,
        file_sha256=registry.sha256,
        taken_on=taken_on or today,
        imported_at=timezone.now(),
        is_demo=registry.is_demo,
    )
    existing = list(Agency.objects.filter(in_registry=True))
    by_permit = {a.permit_key: a for a in existing if a.permit_key}
    by_name = {a.name_key: a for a in existing}
    seen: set[Any] = set()
    changed_ids: list[str] = []
    for row in registry.rows:
        key = permit_key(row.permit_number)
        name_key = skeleton(row.name)
        values: dict[str, Any] = {
            "name": row.name,
            "name_latin": row.name_latin,
            "name_key": name_key,
            "permit_number": row.permit_number,
            "permit_key": key,
            "permit_issued_on": row.permit_issued_on,
            "permit_valid_until": row.permit_valid_until,
            "destination_countries": row.destination_countries,
            "address": row.address,
            "suspended": row.suspended,
            "delisted_on": None,
            "is_demo": registry.is_demo,
        }
        agency = by_permit.get(key) or by_name.get(name_key)
        if agency is not None and agency.pk in seen:
            agency = None  # two rows of one name: the second is another agency
        if agency is None:
            agency = Agency.objects.create(in_registry=True, registry_import=loaded, **values)
            report.created.append(row.name)
            changed_ids.append(str(agency.pk))
        elif any(getattr(agency, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(agency, k, v)
            agency.registry_import = loaded
            agency.save(update_fields=[*values, "registry_import", "updated_at"])
            report.updated.append(row.name)
            changed_ids.append(str(agency.pk))
        else:
            report.unchanged.append(row.name)
        seen.add(agency.pk)
    for agency in existing:
        if agency.pk not in seen and agency.delisted_on is None:
            agency.delisted_on = today
            agency.save(update_fields=["delisted_on", "updated_at"])
            report.delisted.append(agency.name)
            changed_ids.append(str(agency.pk))
    loaded.counts = {
        "created": len(report.created),
        "updated": len(report.updated),
        "unchanged": len(report.unchanged),
        "delisted": len(report.delisted),
    }
    loaded.save(update_fields=["counts"])
    audit_record(
        actor=None,
        action="agencies.imported",
        object_type="registry",
        object_id=loaded.pk,
        details={"file": registry.name, "demo": registry.is_demo, **loaded.counts},
    )
    content_changed(kind=ContentKind.AGENCY, keys=changed_ids)
    return report


@transaction.atomic
def agency_report_link(
    *, case_id: uuid.UUID, agency_name_as_typed: str, reported_on: dt.date | None = None
) -> AgencyReport | None:
    """Link a worker's report of fraud by an intermediary to the agency it names.

    Called when a case is opened from a report in the category «fraud by an intermediary» with the
    name the worker gave. A name that matches a registry agency well is linked to it; any other name
    is linked to an agency known only from reports, created on first use, so repeated reports of one
    unlicensed agency add up. Only the name and the case's id are kept, never the report's content.
    One link per case: calling it again for the same case changes nothing. An empty name links
    nothing.
    """
    name = " ".join(agency_name_as_typed.split())[:300]
    if not clean_name(name):
        return None
    existing = AgencyReport.objects.filter(case_id=case_id).first()
    if existing is not None:
        return existing
    matches = best_matches(name, registry_candidates(), limit=2, floor=LINK_THRESHOLD)
    agency: Agency | None = None
    if matches and (len(matches) == 1 or matches[0][1] - matches[1][1] >= 3):
        agency = Agency.objects.get(pk=matches[0][0].key)
    if agency is None:
        key = skeleton(name)
        agency = Agency.objects.filter(in_registry=False, name_key=key).first()
        if agency is None:
            reported = [
                Candidate(key=str(pk), names=(k,), permit="")
                for pk, k in Agency.objects.filter(in_registry=False).values_list("pk", "name_key")
            ]
            close = best_matches(name, reported, limit=1, floor=LINK_THRESHOLD)
            if close:
                agency = Agency.objects.get(pk=close[0][0].key)
        if agency is None:
            agency = Agency.objects.create(name=name, name_key=key, in_registry=False)
    link = AgencyReport.objects.create(
        agency=agency, case_id=case_id, reported_on=reported_on or timezone.localdate()
    )
    audit_record(
        actor=None,
        action="agencies.report_linked",
        object_type="agency",
        object_id=agency.pk,
        details={"case": str(case_id), "in_registry": agency.in_registry},
    )
    return link


@transaction.atomic
def agency_reports_forget(*, case_ids: Iterable[uuid.UUID]) -> int:
    """Erase the links of these cases (when their content is erased). A reported name left with no
    report is erased too."""
    ids = list(case_ids)
    agencies = set(AgencyReport.objects.filter(case_id__in=ids).values_list("agency_id", flat=True))
    deleted, _ = AgencyReport.objects.filter(case_id__in=ids).delete()
    Agency.objects.filter(pk__in=agencies, in_registry=False, reports__isnull=True).delete()
    return deleted


def _reported(agency_id: Any) -> Agency:
    agency = Agency.objects.select_for_update().filter(pk=agency_id, in_registry=False).first()
    if agency is None:
        raise NotFound()
    return agency


@transaction.atomic
def reported_agency_merge(*, actor: Actor, agency_id: Any, into_id: Any) -> Agency:
    """A coordinator says that a reported name is a registry agency: its reports move there."""
    ensure_permission(actor, Perm.AGENCIES_MONITOR)
    reported = _reported(agency_id)
    target = Agency.objects.filter(pk=into_id, in_registry=True).first()
    if target is None:
        raise ApplicationError("unknown_agency", _("Choose an agency of the registry."))
    moved = AgencyReport.objects.filter(agency=reported).update(agency=target)
    audit_record(
        actor=actor,
        action="agencies.merged",
        object_type="agency",
        object_id=target.pk,
        details={"from": reported.name, "reports": moved},
    )
    reported.delete()
    return target


@transaction.atomic
def reported_agency_dismiss(*, actor: Actor, agency_id: Any) -> Agency:
    """A coordinator hides a reported name from the list (e.g. it names a person, not an agency).
    Its reports stay linked, so the count is not lost."""
    ensure_permission(actor, Perm.AGENCIES_MONITOR)
    reported = _reported(agency_id)
    reported.hidden = True
    reported.save(update_fields=["hidden", "updated_at"])
    audit_record(actor=actor, action="agencies.dismissed", object_type="agency", object_id=reported.pk)
    return reported
