"""The keyed hash of the employer's name that counting reads: written when the report is sealed at
intake, filled once for cases sealed before the column (cases 0017), cleared for erased content."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.utils import timezone

from korgoo.cases import vault
from korgoo.cases.models import Case
from korgoo.cases.reporting import employer_digest, employer_digests_fill, normalise_party
from korgoo.cases.services import case_open_from_report
from korgoo.cases.tests.migrating import migrate, migrated_to
from korgoo.conftest import report as make_report


def test_the_digest_names_no_employer_and_ignores_case_quotes_and_legal_form() -> None:
    digest = employer_digest("ООО «Склад-Сервис»")
    assert len(digest) == 32 and int(digest, 16) >= 0
    assert "склад" not in digest.lower()
    assert normalise_party("ООО «Склад-Сервис»") == "склад сервис"
    assert employer_digest("склад сервис") == digest == employer_digest("СКЛАД-СЕРВИС LLC")
    assert employer_digest("Агро Плюс") != digest
    assert employer_digest("") == employer_digest("  «» ООО ") == ""


@pytest.mark.django_db
def test_intake_writes_the_digest_with_the_sealed_report(db: Any) -> None:
    case = case_open_from_report(report=make_report(employer="ООО «Склад-Сервис»"))
    stored = Case.objects.get(pk=case.pk)
    assert stored.employer_digest == employer_digest("склад сервис")
    assert vault.open_report(stored)["employer_name"] == "ООО «Склад-Сервис»"
    nameless = Case.objects.get(pk=case_open_from_report(report=make_report()).pk)
    assert nameless.employer_digest == ""


@pytest.mark.django_db
def test_the_fill_writes_missing_digests_and_clears_erased_ones(db: Any) -> None:
    old = case_open_from_report(report=make_report(employer="Агро Плюс"))
    erased = case_open_from_report(report=make_report(employer="Агро Плюс"))
    done = case_open_from_report(report=make_report(employer="Склад"))
    Case.objects.filter(pk=old.pk).update(employer_digest=None)
    Case.objects.filter(pk=erased.pk).update(content_erased=True, sealed_report=b"", wrapped_key=b"")
    assert employer_digests_fill() == 1  # only the case without a digest is opened
    digests = dict(Case.objects.values_list("pk", "employer_digest"))
    assert digests[old.pk] == employer_digest("агро плюс")
    assert digests[erased.pk] == ""
    assert digests[done.pk] == employer_digest("склад")
    assert employer_digests_fill() == 0
    assert employer_digests_fill(everything=True) == 2  # every case whose content is still there


BEFORE = [("cases", "0016_case_employer_digest")]
AFTER = [("cases", "0017_case_employer_digest_fill")]


@pytest.fixture
def at_0016(transactional_db: Any) -> Iterator[Any]:
    with migrated_to(BEFORE) as apps:
        yield apps


def test_the_migration_fills_the_digest_of_cases_sealed_before_it(at_0016: Any) -> None:
    apps = at_0016
    Case = apps.get_model("cases", "Case")
    now = timezone.now()
    made = {}
    for name, employer, erased in (
        ("named", "ТОО «Агро-Плюс»", False),
        ("none", "", False),
        ("erased", "X", True),
    ):
        case = Case(
            country="KZ", language="ru", reported_on=now.date(), last_activity_at=now, content_erased=erased
        )
        vault.new_case_key(case)
        vault.seal_report(case, {"description": "…", "employer_name": employer})
        case.employer_digest = None  # as a case sealed before the column was
        if erased:
            case.sealed_report = b""
        case.save()
        made[name] = case.pk
    assert Case.objects.filter(employer_digest__isnull=True).count() == 3

    apps = migrate(AFTER)
    Case = apps.get_model("cases", "Case")
    digests = {name: Case.objects.get(pk=pk).employer_digest for name, pk in made.items()}
    assert digests == {"named": employer_digest("агро плюс"), "none": "", "erased": ""}


@pytest.mark.django_db
def test_erasing_the_content_takes_the_employer_hash_with_it(db: Any) -> None:
    from korgoo.cases.services import case_contents_erase

    case = case_open_from_report(report=make_report(employer="ООО «Склад-Сервис»"))
    assert Case.objects.get(pk=case.pk).employer_digest == employer_digest("склад сервис")
    case_contents_erase(case_ids=[case.pk])
    erased = Case.objects.get(pk=case.pk)
    assert erased.content_erased and erased.employer_digest == ""
