"""Writes of the courts app: bringing a decision in, reviewing its facts, linking it to a case,
raising and closing alerts. Every write checks `courts.monitor`, runs in one transaction and writes
its audit row in it.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from korgoo.audit.services import audit_record
from korgoo.cases.models import Case, short_ref
from korgoo.cases.selectors import case_get_for
from korgoo.core.actor import Actor
from korgoo.core.choices import GOVERNMENT_KINDS, Country, currency_of
from korgoo.core.errors import ApplicationError, NotFound
from korgoo.core.gazetteer import locality_match
from korgoo.organisations.models import Organisation
from korgoo.organisations.permissions import Perm, ensure_permission

from . import sealed
from .choices import (
    AlertKind,
    AlertStatus,
    Code,
    Expulsion,
    FactStatus,
    FieldName,
    Outcome,
    Proceeding,
)
from .extraction.documents import UnreadableDocument, read_document
from .extraction.masking import mask_names, person_names
from .extraction.rules import FIELDS, Extraction, extract, parse_articles
from .models import Alert, Decision, Fact
from .notifications import court_alert_record
from .regions import BY_KEY, region_of


@dataclass(frozen=True)
class Ingested:
    decision: Decision
    created: bool


#: The money of the courts whose decisions are read: Russia's and Kazakhstan's.
COURT_CURRENCIES = [currency_of(Country.RU), currency_of(Country.KZ)]
_MAX_LENGTH = {"court": 300, "case_number": 100, "currency": 3}  # as the columns are declared


def _column_value(name: str, value: Any) -> Any:
    """A fact's JSON value as the decision's column holds it."""
    if name in ("fine_amount", "awarded_amount"):
        amount = Decimal(value) if value not in (None, "") else None
        return amount if amount is None or amount < Decimal("1e12") else None
    if name == "decided_on":
        return dt.date.fromisoformat(value) if value else None
    if name in ("court", "case_number", "currency"):
        return (value or "")[: _MAX_LENGTH[name]]
    return value


def _apply(decision: Decision, name: str, value: Any) -> None:
    setattr(decision, name, _column_value(name, value))


def decision_ingest(*, actor: Actor, data: bytes, filename: str = "", source_url: str = "") -> Ingested:
    """Read a saved decision page (HTML, PDF, RTF, DOCX), extract its facts, mask private persons'
    names, seal the page and store it for the actor's organisation. The same page brought again by
    the same organisation is the decision already stored."""
    ensure_permission(actor, Perm.COURTS_MONITOR)
    if len(data) > settings.KORGOO_UPLOAD_MAX_BYTES:
        raise ApplicationError(
            "too_large",
            _("The file is too large: send at most %(limit)s.")
            % {"limit": filesizeformat(settings.KORGOO_UPLOAD_MAX_BYTES)},
            {"file": [gettext("Too large.")]},
        )
    digest = sealed.content_digest(actor.organisation_id, data)
    existing = Decision.objects.filter(organisation=actor.organisation, content_digest=digest).first()
    if existing is not None:
        return Ingested(existing, False)
    try:
        document = read_document(data, filename)
    except UnreadableDocument as exc:
        raise ApplicationError(
            "unreadable_document",
            _(
                "This file could not be read as a court decision. Send the saved page (HTML), PDF, RTF or DOCX."
            ),
            {"file": [gettext("Not a readable decision.")]},
        ) from exc
    extraction = extract(document.text, document.title)
    names = person_names(document.text)
    try:
        with transaction.atomic():
            decision = _store(
                actor, data, document.media_type, source_url, digest, extraction, names, document.text
            )
    except IntegrityError:  # the same page, stored by a parallel request a moment ago
        return Ingested(Decision.objects.get(organisation=actor.organisation, content_digest=digest), False)
    return Ingested(decision, True)


def _store(
    actor: Actor,
    data: bytes,
    media_type: str,
    source_url: str,
    digest: str,
    extraction: Extraction,
    names: set[str],
    text: str,
) -> Decision:
    court = extraction.value("court")
    region = region_of(court, text, extraction.country)
    decision = Decision(
        organisation=actor.organisation,
        source_url=source_url[:1000],
        content_digest=digest,
        media_type=media_type,
        country=extraction.country,
        region=region.key if region else "",
        text=mask_names(text, names),
        needs_review=extraction.needs_review,
        added_by=actor.membership,
    )
    for name in FIELDS:
        _apply(decision, name, extraction.value(name))
    sealed.seal_original(decision, data)
    decision.full_clean(exclude=["wrapped_key", "sealed_original", "source_url"])
    decision.save()
    Fact.objects.bulk_create(
        Fact(
            decision=decision,
            field=name,
            value=fact.value,
            extracted_value=fact.value,
            sentence=mask_names(fact.sentence, names)[:2000],
            confidence=fact.confidence,
        )
        for name, fact in extraction.facts.items()
    )
    audit_record(
        actor=actor,
        action="court_decision.added",
        object_type="court_decision",
        object_id=decision.pk,
        details={"needs_review": decision.needs_review},
    )
    alert_raise_for(decision=decision)
    return decision


def _mission_for(decision: Decision) -> Organisation | None:
    """The Kyrgyz mission whose consular district holds the court (see `regions`)."""
    missions = list(
        Organisation.objects.filter(
            kind__in=GOVERNMENT_KINDS, country=decision.country, is_active=True
        ).order_by("created_at")
    )
    if not missions:
        return None
    region = BY_KEY.get(decision.region)
    if region is not None:
        city = locality_match(region.mission_city, decision.country)
        for mission in missions:
            if city is not None and locality_match(mission.city, mission.country) == city:
                return mission
    return missions[0]


def alert_raise_for(*, decision: Decision) -> Alert | None:
    """A decision on a citizen of Kyrgyzstan ordering detention or a forced expulsion becomes a task
    for the mission covering the court's region (once per decision and mission). Runs inside the
    transaction that stored or corrected the decision."""
    if not decision.kyrgyz_citizen or not (decision.detention or decision.expulsion == Expulsion.FORCED):
        return None
    mission = _mission_for(decision)
    if mission is None:
        return None
    kind = AlertKind.DETENTION if decision.detention else AlertKind.FORCED_EXPULSION
    alert, created = Alert.objects.get_or_create(
        organisation=mission, decision=decision, defaults={"kind": kind}
    )
    if created:
        audit_record(
            actor=None,
            action="court_alert.raised",
            object_type="court_alert",
            object_id=alert.pk,
            organisation_id=mission.pk,
            details={"kind": kind},
        )
        court_alert_record(alert=alert)
    return alert


def _validated(name: str, raw: Any) -> Any:
    """A reviewer's value for one field, checked against the contract's vocabulary."""
    # The body's shape is right; the value is not one this field takes (a domain rule, not a malformed
    # request).
    invalid = ApplicationError(
        "invalid_value", _("Please correct the marked fields."), {"value": [gettext("Not a valid value.")]}
    )
    if name in ("kyrgyz_citizen", "detention"):
        if isinstance(raw, bool):
            return raw
        if str(raw).strip().lower() in ("true", "1", "yes", "on", "да", "ооба"):
            return True
        if str(raw).strip().lower() in ("false", "0", "no", "off", "нет", "жок"):
            return False
        raise invalid
    if name == "interpreter":
        if raw in (None, "", "unknown", "не указано", "көрсөтүлгөн эмес"):
            return None
        return _validated("detention", raw)
    choices: dict[str, Any] = {
        "proceeding": Proceeding.values,
        "outcome": Outcome.values,
        "expulsion": Expulsion.values,
        "currency": [*COURT_CURRENCIES, ""],
    }
    if name in choices:
        if raw not in choices[name]:
            raise invalid
        return raw or None
    if name in ("fine_amount", "awarded_amount"):
        if raw in (None, ""):
            return None
        try:
            value = Decimal(str(raw).replace(" ", "").replace(",", "."))
        except InvalidOperation as exc:
            raise invalid from exc
        if value < 0 or value >= Decimal("1e12"):
            raise invalid
        return f"{value.quantize(Decimal('0.01'))}"
    if name == "decided_on":
        try:
            return dt.date.fromisoformat(str(raw)).isoformat()
        except ValueError as exc:
            raise invalid from exc
    if name == "articles":
        if isinstance(raw, str):
            # Typed as a court writes it: «ч. 1.1 ст. 18.8 КоАП РФ; ч. 3 ст. 327 УК РФ».
            parsed = parse_articles(raw)
            if raw.strip() and not parsed:
                raise invalid
            return parsed
        if not isinstance(raw, list):
            raise invalid
        articles = []
        for item in raw:
            if (
                not isinstance(item, dict)
                or item.get("code") not in Code.values
                or not str(item.get("article", ""))
            ):
                raise invalid
            part = item.get("part")
            articles.append(
                {
                    "code": item["code"],
                    "article": str(item["article"])[:12],
                    "part": str(part)[:8] if part else None,
                }
            )
        return articles
    text = str(raw or "").strip()
    if len(text) > 300:
        raise invalid
    return text


@transaction.atomic
def fact_review(
    *, actor: Actor, decision: Decision, field: str, value: Any = None, confirm: bool = False
) -> Fact:
    """A reviewer confirms the extracted value of one field, or corrects it. The decision leaves the
    review queue when no unsure value is left; a correction may raise an alert."""
    ensure_permission(actor, Perm.COURTS_MONITOR)
    if decision.organisation_id != actor.organisation_id:
        raise NotFound()
    if field not in FieldName.values:
        raise ApplicationError(
            "invalid", _("Please correct the marked fields."), {"field": [gettext("Not a valid value.")]}
        )
    fact = Fact.objects.select_for_update().filter(decision=decision, field=field).first()
    if fact is None:
        raise NotFound()
    before = fact.value
    if confirm:
        fact.status = FactStatus.CONFIRMED
    else:
        fact.value = _validated(field, value)
        fact.status = FactStatus.CONFIRMED if fact.value == fact.extracted_value else FactStatus.CORRECTED
    fact.reviewed_by = actor.membership
    fact.reviewed_at = timezone.now()
    fact.save(update_fields=["value", "status", "reviewed_by", "reviewed_at"])
    _apply(decision, field, fact.value)
    decision.needs_review = any(f.unsure for f in decision.facts.all())
    decision.save(update_fields=[field, "needs_review", "updated_at"])
    audit_record(
        actor=actor,
        action="court_decision.reviewed",
        object_type="court_decision",
        object_id=decision.pk,
        details={"field": field, "status": fact.status, "changed": before != fact.value},
    )
    alert_raise_for(decision=decision)
    return fact


@transaction.atomic
def decision_link_case(*, actor: Actor, decision: Decision, case_id: Any) -> Decision:
    """Link a decision to a case the actor's organisation holds (a worker's own case before the
    court). Unlinking passes `case_id=None`."""
    ensure_permission(actor, Perm.COURTS_MONITOR)
    if decision.organisation_id != actor.organisation_id:
        raise NotFound()
    if case_id in (None, ""):
        decision.case = None
    else:
        try:
            view = case_get_for(actor=actor, case_id=_case_id_from_ref(actor, str(case_id).strip()))
        except NotFound as exc:
            raise ApplicationError(
                "unknown_case",
                _("No case of your organisation has this number."),
                {"case": [gettext("Unknown case.")]},
            ) from exc
        if not view.is_holder:
            raise ApplicationError(
                "unknown_case",
                _("No case of your organisation has this number."),
                {"case": [gettext("Unknown case.")]},
            )
        decision.case = view.case
    decision.save(update_fields=["case", "updated_at"])
    audit_record(
        actor=actor,
        action="court_decision.linked",
        object_type="court_decision",
        object_id=decision.pk,
        details={"case": str(decision.case_id) if decision.case_id else ""},
    )
    return decision


def _case_id_from_ref(actor: Actor, ref: str) -> Any:
    """A case's id from what staff type: the id itself, or the eight-character reference they read
    in the inbox (among the organisation's own cases)."""
    try:
        return uuid.UUID(ref)
    except ValueError:
        pass
    wanted = ref.upper().lstrip("#")
    if len(wanted) != 8:
        return ref
    for pk in (
        Case.objects.filter(organisation_id=actor.organisation_id).values_list("pk", flat=True).iterator()
    ):
        if short_ref(pk) == wanted:
            return pk
    return ref


@transaction.atomic
def alert_close(*, actor: Actor, alert: Alert) -> Alert:
    """The mission marks a court alert done (the visit was made, the interpreter checked)."""
    ensure_permission(actor, Perm.COURTS_MONITOR)
    if alert.organisation_id != actor.organisation_id:
        raise NotFound()
    alert.status = AlertStatus.DONE
    alert.done_by = actor.membership
    alert.done_at = timezone.now()
    alert.save(update_fields=["status", "done_by", "done_at", "updated_at"])
    audit_record(actor=actor, action="court_alert.done", object_type="court_alert", object_id=alert.pk)
    return alert


@transaction.atomic
def decision_original_text(*, actor: Actor, decision: Decision) -> str:
    """The decision as the court published it, names and all: only once it is linked to a case of
    the actor's organisation, for a member who may see the worker's identity in that case. The read
    is audited."""
    ensure_permission(actor, Perm.COURTS_MONITOR)
    if decision.case_id is None or decision.organisation_id != actor.organisation_id:
        raise NotFound()
    if not actor.has(Perm.CASE_VIEW_IDENTITY):
        raise NotFound()
    case_get_for(actor=actor, case_id=decision.case_id)  # still the organisation's case
    document = read_document(sealed.open_original(decision))
    audit_record(
        actor=actor,
        action="court_decision.original_viewed",
        object_type="court_decision",
        object_id=decision.pk,
    )
    return document.text
