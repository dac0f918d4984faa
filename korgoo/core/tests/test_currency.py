"""One answer to "what money is this country's" (core.choices.CURRENCY_BY_COUNTRY)."""

from __future__ import annotations

from korgoo.core.choices import CURRENCY_BY_COUNTRY, Country, Currency, currency_of
from korgoo.evidence.calculators.money import LAW_COUNTRIES, currency_for


def test_each_country_has_its_own_money() -> None:
    # ISO 4217: the Kyrgyz som is KGS, the Russian rouble RUB, the Kazakh tenge KZT.
    assert currency_of(Country.KG) == "KGS"
    assert currency_of(Country.RU) == "RUB"
    assert currency_of(Country.KZ) == "KZT"
    assert set(CURRENCY_BY_COUNTRY.values()) <= set(Currency.values)


def test_the_calculators_take_the_same_answer() -> None:
    # Wages are paid in roubles in Russia and in tenge in Kazakhstan (KZ Labour Code, art. 113(1)).
    assert [str(currency_for(country)) for country in LAW_COUNTRIES] == ["RUB", "KZT"]
