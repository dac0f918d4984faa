"""The rules a case follows that need no database: what a report must hold, how long a text may
be, how money is written, when a case is open to a message, what consent allows. Services apply them;
forms and serializers reuse them so that every door says the same thing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from korgoo.core.choices import GOVERNMENT_KINDS, Country, Language, OrganisationKind
from korgoo.core.errors import ApplicationError, Conflict
from korgoo.core.gazetteer import locality_get
from korgoo.organisations.models import Gender, Membership, Organisation

from .choices import Category, ContactChannel, Sector, SharedField
from .models import Case

MAX_TEXT = 10_000
FIRST_RESPONSE_DAYS = {True: 1, False: 3}


@dataclass(frozen=True)
class NewReport:
    """What a worker reported, already parsed by the intake form or API serializer."""

    language: str
    country: str
    city: str  # as the worker typed it; matched to the gazetteer unless `locality_id` is given
    categories: Sequence[str]
    description: str
    employer_name: str = ""
    happened_on: dt.date | None = None
    contact_channel: str = ""
    contact_value: str = ""
    full_name: str = ""
    prefers_woman_caseworker: bool = False
    share_with: Sequence[str] = field(default_factory=list)
    sector: str = ""  # where the worker works (`Sector`), or empty when not said
    locality_id: int | None = None  # a gazetteer city the worker chose from suggestions, if any


EARLIEST_HAPPENED_ON = dt.date(2000, 1, 1)


def happened_on_problem(day: dt.date | None) -> str:
    """What is wrong with the date a worker gave for what happened ("" when nothing is): it may not
    be in the future — the worker's today may already be tomorrow in UTC (Kyrgyzstan is UTC+6, some
    places +14) — nor before 2000."""
    if day is None:
        return ""
    if day > (timezone.now() + dt.timedelta(hours=14)).date():
        return str(_("This date is in the future. Write the day it happened."))
    if day < EARLIEST_HAPPENED_ON:
        return str(_("Write a date from the year 2000 on."))
    return ""


# The allowed values, as sets made once: an enum's `.values` builds its list anew on every use, and
# every report is checked against them (twice: by intake, and when its case opens).
_LANGUAGES = frozenset(Language.values)
_COUNTRIES = frozenset(Country.values)
_CATEGORIES = frozenset(Category.values)
_CHANNELS = frozenset(ContactChannel.values)
_KINDS = frozenset(OrganisationKind.values)
_SECTORS = frozenset(Sector.values)


def validate_report(report: NewReport) -> None:
    """Raise one ApplicationError listing every field that is wrong, in the worker's language."""
    errors: dict[str, list[str]] = {}
    if report.language not in _LANGUAGES:
        errors["language"] = [str(_("Choose a language."))]
    if report.country not in _COUNTRIES:
        errors["country"] = [str(_("Choose the country where it happened."))]
    if report.locality_id is not None:
        chosen = locality_get(report.locality_id)
        if chosen is None or chosen.country != report.country:
            errors["city"] = [str(_("Choose a city of the country from the list, or write its name."))]
    if len(report.city) > 100 or (report.locality_id is None and not report.city.strip()):
        errors["city"] = [str(_("Write the city (up to 100 letters)."))]
    if not report.categories or any(c not in _CATEGORIES for c in report.categories):
        errors["categories"] = [str(_("Choose at least one thing that happened."))]
    if not report.description.strip():
        errors["description"] = [str(_("Please describe what happened."))]
    elif len(report.description) > MAX_TEXT:
        errors["description"] = [str(_("The text is too long (up to 10,000 letters)."))]
    if len(report.employer_name) > 300:
        errors["employer_name"] = [str(_("The employer's name is too long."))]
    if len(report.full_name) > 200:
        errors["full_name"] = [str(_("The name is too long."))]
    day_problem = happened_on_problem(report.happened_on)
    if day_problem:
        errors["happened_on"] = [day_problem]
    if report.contact_channel and report.contact_channel not in _CHANNELS:
        errors["contact"] = [str(_("Choose how to reach you."))]
    if report.contact_channel and not report.contact_value.strip():
        errors["contact"] = [str(_("Write your phone number or username, or choose not to be contacted."))]
    if len(report.contact_value) > 100:
        errors["contact"] = [str(_("The contact is too long."))]
    if any(kind not in _KINDS for kind in report.share_with):
        errors["share_with"] = [str(_("Choose from the list."))]
    if report.sector and report.sector not in _SECTORS:
        errors["sector"] = [str(_("Choose from the list."))]
    if errors:
        raise ApplicationError("invalid_report", _("Please correct the marked fields."), errors)


def ensure_open(case: Case, *, for_worker: bool = False) -> None:
    if not case.is_open:
        message = _("Your report is closed.") if for_worker else _("This case is closed.")
        raise Conflict("case_closed", message)


def ensure_worker_may_write(case: Case) -> None:
    """A worker may still write for a while after the case was closed (the last answer may have been
    "come tomorrow at 10"); after that the report is closed to messages. Nobody reads a case the
    worker hid by withdrawing consent, so nothing can be written to it until the worker undoes that."""
    if case.is_withdrawn:
        raise ApplicationError(
            "case_hidden", _("You withdrew your consent: no organisation sees your report.")
        )
    if not case.worker_may_write(timezone.now(), days=settings.KORGOO_WORKER_WRITE_DAYS_AFTER_CLOSING):
        raise ApplicationError("case_closed", _("Your report is closed."))


def ensure_woman_if_asked(case: Case, assignee: Membership | None) -> None:
    """A worker who asked for a woman caseworker gets one: the case goes only to a member who stated
    she is a woman (or to nobody, to be referred)."""
    if assignee is not None and case.prefers_woman_caseworker and assignee.gender != Gender.WOMAN:
        raise ApplicationError(
            "woman_caseworker_asked",
            _("The worker asked for a woman caseworker: choose a caseworker who said she is a woman."),
            {
                "assignee": [
                    str(
                        _(
                            "The worker asked for a woman caseworker: choose a caseworker who said she is a woman."
                        )
                    )
                ]
            },
        )


def parse_money(raw: Any) -> Decimal | None:
    if raw in (None, ""):
        return None
    try:
        value = Decimal(str(raw).replace(" ", "").replace(",", "."))
    except InvalidOperation as exc:
        raise ApplicationError(
            "invalid_amount",
            _("Write the amount as a number."),
            {"money_recovered": [str(_("Write the amount as a number."))]},
        ) from exc
    if not value.is_finite() or value < 0 or value >= Decimal("1e12"):
        raise ApplicationError(
            "invalid_amount",
            _("Write the amount as a number."),
            {"money_recovered": [str(_("Write the amount as a number."))]},
        )
    return value.quantize(Decimal("0.01"))


def clean_text(body: str, code: str) -> str:
    text = (body or "").strip()
    if not text:
        raise ApplicationError(
            code, _("Write a message first."), {"body": [str(_("Write a message first."))]}
        )
    if len(text) > MAX_TEXT:
        raise ApplicationError(
            "text_too_long",
            _("The text is too long (up to 10,000 letters)."),
            {"body": [str(_("The text is too long (up to 10,000 letters)."))]},
        )
    return text


def shared_fields(fields: Iterable[str]) -> list[str]:
    return sorted(set(fields) & set(SharedField.values))


def consent_allows(case: Case, organisation: Organisation) -> bool:
    """Whether the worker agreed to share with organisations of this kind (consulates asked apart)."""
    if organisation.kind in GOVERNMENT_KINDS:
        return OrganisationKind.EMBASSY in case.share_with or organisation.kind in case.share_with
    return organisation.kind in case.share_with
