"""Choices shared across apps: countries of the network and the kinds of organisations."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Country(models.TextChoices):
    KG = "KG", _("Kyrgyzstan")
    RU = "RU", _("Russia")
    KZ = "KZ", _("Kazakhstan")
    TR = "TR", _("Turkey")
    KR = "KR", _("South Korea")
    AE = "AE", _("United Arab Emirates")
    DE = "DE", _("Germany")
    GB = "GB", _("United Kingdom")
    US = "US", _("United States")
    OTHER = "ZZ", _("Other country")


class Currency(models.TextChoices):
    """Money anywhere in Korgoo: money recovered, wages in the calculators and the diary, fines and
    awards in court decisions (ISO 4217)."""

    RUB = "RUB", _("Russian rouble (RUB)")
    KZT = "KZT", _("Kazakh tenge (KZT)")
    KGS = "KGS", _("Kyrgyz som (KGS)")
    USD = "USD", _("US dollar (USD)")
    EUR = "EUR", _("Euro (EUR)")


#: The currency of each country where Korgoo's users work or come from: the one answer to "what
#: money is this country's" (wages in Russia are paid in roubles, in Kazakhstan in tenge, KZ Labour
#: Code art. 113(1); Kyrgyzstan's currency is the som).
CURRENCY_BY_COUNTRY: dict[str, str] = {
    Country.KG: Currency.KGS,
    Country.RU: Currency.RUB,
    Country.KZ: Currency.KZT,
}


def currency_of(country: str) -> str:
    """The currency of `country`; roubles for a country without its own entry (most workers are paid
    in Russia)."""
    return CURRENCY_BY_COUNTRY.get(country, Currency.RUB)


class OrganisationKind(models.TextChoices):
    NGO = "ngo", _("NGO")
    TRADE_UNION = "trade_union", _("Trade union")
    DIASPORA = "diaspora", _("Diaspora association")
    EMBASSY = "embassy", _("Embassy or consulate")
    HONORARY_CONSUL = "honorary_consul", _("Honorary consul")
    OMBUDSMAN = "ombudsman", _("Ombudsman office")
    # At home in Kyrgyzstan: the ministry responsible for external migration, its regional offices,
    # and legal-aid centres. A case reaches them as it reaches any other kind: by the worker's
    # consent (when the worker is home, by the separate consent to a hand-over).
    MIGRATION_MINISTRY = "migration_ministry", _("Ministry responsible for external migration")
    MIGRATION_OFFICE = "migration_office", _("Regional office of the migration ministry")
    LEGAL_AID = "legal_aid", _("Legal-aid centre")
    OTHER = "other", _("Other organisation")


# Government recipients: a case reaches them only with the worker's separate consent.
GOVERNMENT_KINDS = frozenset({OrganisationKind.EMBASSY, OrganisationKind.HONORARY_CONSUL})


class Language(models.TextChoices):
    KY = "ky", "Кыргызча"
    RU = "ru", "Русский"
    EN = "en", "English"
