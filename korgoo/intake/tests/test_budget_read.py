"""A report's idempotency record and its intake budgets are read together (one statement when the
counters are in the database, two reads with another store, as with Redis): either way a spent
budget refuses a new report, a retry is answered without spending any, and a key reused for another
report is refused."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import caches

from korgoo.cases.models import Case
from korgoo.conftest import report
from korgoo.core.errors import ApplicationError, Throttled
from korgoo.intake.services import Overloaded, report_submit

pytestmark = pytest.mark.django_db

STORES = {
    "database": {"BACKEND": "korgoo.core.counters.DatabaseCounterCache"},
    # a store without the database's combined read, as django-redis is
    "other": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "budget-read"},
}


@pytest.fixture(params=sorted(STORES))
def store(request: pytest.FixtureRequest, settings: Any) -> str:
    settings.CACHES = {**settings.CACHES, "throttle": STORES[request.param]}
    caches["throttle"].clear()  # a process-local store keeps its counts from test to test
    return str(request.param)


def test_a_spent_budget_refuses_a_new_report_but_not_a_retry(store: str, settings: Any) -> None:
    settings.KORGOO_INTAKE_PER_CLIENT = 2
    settings.KORGOO_INTAKE_GLOBAL_PER_MINUTE = 100
    first = report_submit(new=report(), idempotency_key="one", client="phone")
    report_submit(new=report(description="Второй раз не заплатили."), idempotency_key="two", client="phone")
    cases = Case.objects.count()
    with pytest.raises(Throttled):  # the third report of this client within the hour
        report_submit(new=report(description="Третий."), idempotency_key="three", client="phone")
    with pytest.raises(Throttled):  # …with a key or without
        report_submit(new=report(description="Третий."), client="phone")
    again = report_submit(new=report(), idempotency_key="one", client="phone")  # a retry spends nothing
    assert again.replayed and again.receipt == first.receipt and again.report.pk == first.report.pk
    with pytest.raises(ApplicationError) as reused:
        report_submit(new=report(description="Другое."), idempotency_key="one", client="phone")
    assert reused.value.code == "idempotency_key_reused"
    assert Case.objects.count() == cases
    # Another client still has its own budget.
    assert not report_submit(new=report(), idempotency_key="four", client="laptop").replayed


def test_the_global_budget_refuses_every_client(store: str, settings: Any) -> None:
    settings.KORGOO_INTAKE_PER_CLIENT = 100
    settings.KORGOO_INTAKE_GLOBAL_PER_MINUTE = 1
    report_submit(new=report(), idempotency_key="one", client="phone")
    with pytest.raises(Overloaded):
        report_submit(new=report(description="Другое."), idempotency_key="two", client="laptop")
    assert report_submit(new=report(), idempotency_key="one", client="phone").replayed
