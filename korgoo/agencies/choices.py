"""The words of the agency registry: what a check finds, and the names of destination countries."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Verdict(models.TextChoices):
    """What the registry says about the agency a worker typed."""

    LICENSED = "licensed", _("Has a valid permit")
    EXPIRED = "expired", _("The permit has ended")
    SUSPENDED = "suspended", _("The permit is suspended")
    DELISTED = "delisted", _("No longer in the registry")
    UNCERTAIN = "uncertain", _("Several agencies have a similar name")
    NOT_FOUND = "not_found", _("Not found in the registry")


# Names of the countries agencies send workers to (ISO 3166-1 alpha-2).
DESTINATIONS = {
    "RU": _("Russia"),
    "KZ": _("Kazakhstan"),
    "BY": _("Belarus"),
    "AM": _("Armenia"),
    "UZ": _("Uzbekistan"),
    "AZ": _("Azerbaijan"),
    "TR": _("Turkey"),
    "KR": _("South Korea"),
    "JP": _("Japan"),
    "CN": _("China"),
    "DE": _("Germany"),
    "GB": _("United Kingdom"),
    "PL": _("Poland"),
    "CZ": _("Czech Republic"),
    "SK": _("Slovakia"),
    "HU": _("Hungary"),
    "LT": _("Lithuania"),
    "LV": _("Latvia"),
    "EE": _("Estonia"),
    "BG": _("Bulgaria"),
    "RO": _("Romania"),
    "IT": _("Italy"),
    "ES": _("Spain"),
    "FI": _("Finland"),
    "CY": _("Cyprus"),
    "IL": _("Israel"),
    "AE": _("United Arab Emirates"),
    "QA": _("Qatar"),
    "SA": _("Saudi Arabia"),
    "KW": _("Kuwait"),
    "BH": _("Bahrain"),
    "OM": _("Oman"),
    "US": _("United States"),
    "CA": _("Canada"),
}


def destination_name(code: str) -> str:
    name = DESTINATIONS.get(code)
    return str(name) if name is not None else code
