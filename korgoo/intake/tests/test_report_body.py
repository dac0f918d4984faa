"""The report's body is read without building its serializer, and read exactly as the serializer
reads it: the same values for a right body, the same errors (fields, messages) for a wrong one."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework.exceptions import ValidationError

from korgoo.cases.choices import Category, ContactChannel, Sector
from korgoo.core.api_input import JsonInput, PlainReader, _Doubt
from korgoo.core.choices import Country, Language, OrganisationKind
from korgoo.intake.api.views import REPORT_BODY, ReportInSerializer

ODD_TEXTS = [
    "", " ", "  Бишкек  ", "\x00", "a\x00b", "\ud800", "x" * 100, "x" * 101, "x" * 300, "x" * 301,
    " " + "x" * 100, "\x1c", "\x85 ", "\u2003", "2026-01-02", "2026-02-30", "0000-01-01", "2026-1-2",
    " 2026-01-02", "2026-01-02T10:00", "٢٠٢٦-٠١-٠٢", "ky", "RU", "ZZ", "unpaid_wages", "ngo",
    "whatsapp", "construction", "Ru", "true",
]  # fmt: skip
CHOICES = [
    *Language.values, *Country.values, *Category.values, *OrganisationKind.values,
    *ContactChannel.values, *Sector.values,
]  # fmt: skip
NAMES = list(ReportInSerializer().fields)

scalars = st.one_of(
    st.sampled_from(CHOICES),
    st.sampled_from(ODD_TEXTS),
    st.text(max_size=12),
    st.none(),
    st.booleans(),
    st.integers(-3, 3),
    st.floats(allow_nan=False, allow_infinity=False),
)
lists = st.lists(st.one_of(st.sampled_from(CHOICES), scalars), max_size=18)
contacts = st.dictionaries(
    st.sampled_from(["channel", "value", "number"]), st.one_of(scalars, lists), max_size=3
)
values = st.one_of(scalars, lists, contacts)


@st.composite
def bodies(draw: Any) -> Any:
    """Bodies near the right shape: a right body with one or two fields left out or wrong in some
    way (a value of another type, an odd text, a list of anything, an object), an unknown field now
    and then, and once in a while no object at all."""
    if draw(st.integers(0, 30)) == 0:
        return draw(st.one_of(scalars, lists))
    body = draw(st.fixed_dictionaries({name: right(name) for name in NAMES}))
    for name in draw(st.lists(st.sampled_from(NAMES), min_size=0, max_size=2)):
        if draw(st.integers(0, 4)) == 0:
            body.pop(name, None)
        else:
            body[name] = draw(values)
    if draw(st.integers(0, 15)) == 0:
        body[draw(st.sampled_from(["extra", "Language", "categories "]))] = draw(values)
    return body


def right(name: str) -> Any:
    """Values the serializer accepts for a field (and a few it refuses that look close)."""
    return {
        "language": st.sampled_from(Language.values),
        "country": st.sampled_from(Country.values),
        "city": st.text(min_size=1, max_size=120),
        "categories": st.lists(st.sampled_from(Category.values), min_size=0, max_size=17),
        "description": st.text(max_size=40),
        "employer_name": st.text(max_size=20),
        "happened_on": st.one_of(st.none(), st.dates().map(dt.date.isoformat)),
        "contact": st.one_of(
            st.none(),
            st.fixed_dictionaries(
                {"channel": st.sampled_from(ContactChannel.values), "value": st.text(max_size=110)}
            ),
        ),
        "full_name": st.text(max_size=20),
        "prefers_woman_caseworker": st.booleans(),
        "share_with": st.lists(
            st.sampled_from(OrganisationKind.values), max_size=len(OrganisationKind.values) + 1
        ),
        "sector": st.sampled_from(["", *Sector.values]),
    }[name]


def by_serializer(body: Any) -> tuple[bool, Any]:
    serializer = ReportInSerializer(data=body)
    if serializer.is_valid():
        return True, dict(serializer.validated_data)
    return False, serializer.errors


def assert_read_alike(body: Any) -> None:
    valid, expected = by_serializer(body)
    try:
        plain = REPORT_BODY._object(REPORT_BODY._plan, body)
    except _Doubt:
        plain = None
    if plain is not None:
        # What the plain reading accepts, the serializer accepts with exactly the same values.
        assert valid, (body, expected)
        assert plain == expected
        assert [type(v) for v in plain.values()] == [type(v) for v in expected.values()]
    try:
        read = REPORT_BODY.read(body)
    except ValidationError as error:
        assert not valid
        assert error.detail == expected  # the serializer's own errors, codes included
    else:
        assert valid
        assert read == expected


# As many draws as the suite's other property tests: every field's odd values are also tried one by
# one, by hand, below (a longer search by hand: raise max_examples).
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(bodies())
def test_the_plain_reading_and_the_serializer_agree(body: Any) -> None:
    assert_read_alike(body)


@settings(max_examples=100, deadline=None)
@given(st.fixed_dictionaries({name: right(name) for name in NAMES}))
def test_a_right_body_is_read_without_the_serializer(body: dict[str, Any]) -> None:
    valid, expected = by_serializer(body)
    if not valid:
        return  # a drawn value the serializer refuses (an empty city, 17 categories…): the test above
    assert REPORT_BODY._object(REPORT_BODY._plan, body) == expected


ODD_VALUES: list[Any] = [
    *ODD_TEXTS, None, True, False, 0, 1, -1, 1.5, 10**20, [], [None], [""], ["bogus"], [1], [["ngo"]],
    ["ngo", "ngo"], ["unpaid_wages"] * 17, ["ngo"] * 10, {}, {"channel": "whatsapp"},
    {"channel": "whatsapp", "value": " "}, {"channel": "pigeon", "value": "x"},
    {"channel": "whatsapp", "value": "x", "extra": 1}, {"channel": "whatsapp", "value": "x" * 101},
    {"channel": "whatsapp", "value": 5}, {"channel": None, "value": "x"},
]  # fmt: skip


def test_every_field_given_every_odd_value_is_read_as_the_serializer_reads_it() -> None:
    """Each field of a right body, one at a time, left out or given each of the odd values."""
    base = {
        "language": "ky",
        "country": "RU",
        "city": "Moscow",
        "categories": ["unpaid_wages"],
        "description": "Айлык берилген жок.",
        "employer_name": "ООО Ромашка",
        "happened_on": "2026-11-01",
        "contact": {"channel": "whatsapp", "value": "+7 900 111 22 33"},
        "full_name": "Айгүл",
        "prefers_woman_caseworker": True,
        "share_with": ["ngo", "embassy"],
        "sector": "construction",
    }
    assert set(base) == set(NAMES)
    checked = 0
    for name in NAMES:
        missing = {k: v for k, v in base.items() if k != name}
        for body in [missing, *({**base, name: value} for value in ODD_VALUES)]:
            assert_read_alike(body)
            checked += 1
    assert checked == len(NAMES) * (len(ODD_VALUES) + 1)


def test_the_usual_body_is_read_plainly() -> None:
    body = {
        "language": "ky",
        "country": "RU",
        "city": " Moscow ",
        "categories": ["unpaid_wages", "no_contract"],
        "description": "Эки айдан бери айлык төлөнгөн жок.",
        "happened_on": "2026-11-01",
        "contact": {"channel": "whatsapp", "value": " +7 900 111 22 33 "},
        "share_with": ["ngo"],
    }
    read = REPORT_BODY._object(REPORT_BODY._plan, body)
    assert read == {
        "language": "ky",
        "country": "RU",
        "city": "Moscow",
        "categories": ["unpaid_wages", "no_contract"],
        "description": "Эки айдан бери айлык төлөнгөн жок.",
        "employer_name": "",
        "happened_on": dt.date(2026, 11, 1),
        "contact": {"channel": "whatsapp", "value": "+7 900 111 22 33"},
        "full_name": "",
        "prefers_woman_caseworker": False,
        "share_with": ["ngo"],
        "sector": "",
    }
    assert read == by_serializer(body)[1]


def test_a_serializer_with_fields_the_plain_reading_does_not_know_is_refused() -> None:
    from rest_framework import serializers

    class WithRegex(JsonInput):
        code = serializers.RegexField(r"^[0-9]+$")

    class WithCheck(JsonInput):
        name = serializers.CharField()

        def validate_name(self, value: str) -> str:
            return value

    for refused in (WithRegex, WithCheck):
        with pytest.raises(TypeError):
            PlainReader(refused)
