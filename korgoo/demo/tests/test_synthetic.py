"""Synthetic data looks and reads like real data: sealed, routed, trackable."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from korgoo.cases.models import Case, CaseCategory, CaseEvent, CaseMessage, RoutingRule
from korgoo.cases.selectors import InboxFilters, case_get_for, case_list_for, case_messages_for
from korgoo.demo.synthetic import seed
from korgoo.intake.models import Report
from korgoo.intake.services import report_find
from korgoo.organisations.models import Membership
from korgoo.organisations.selectors import actor_for_membership

pytestmark = pytest.mark.django_db


def test_seeded_cases_open_like_real_ones(tmp_path: Path) -> None:
    result = seed(
        cases=300,
        organisations=5,
        busiest_share=0.5,
        batch=120,
        receipts_file=tmp_path / "r.txt",
        receipts_kept=5,
    )
    assert result.cases == Case.objects.count() == Report.objects.count() == 300
    assert CaseCategory.objects.count() >= 300 and CaseEvent.objects.count() >= 600
    assert Case.objects.filter(organisation=result.busiest).count() > 100
    assert set(Case.objects.values_list("status", flat=True)) >= {"new", "in_progress", "closed"}
    actor = actor_for_membership(Membership.objects.get(user=result.caseworker))
    first = case_list_for(actor=actor, filters=InboxFilters())[0]
    view = case_get_for(actor=actor, case_id=first.pk)
    assert view.report["description"] and view.report["city"]
    # Cities are gazetteer ids, each organisation's own (its routing rule names it); a few cases name a
    # village the gazetteer does not know.
    rules = dict(RoutingRule.objects.values_list("organisation_id", "locality_id"))
    placed = Case.objects.exclude(locality_id=None)
    assert 250 < placed.count() < 300
    assert all(rules[c.organisation_id] == c.locality_id for c in placed)
    with_messages = CaseMessage.objects.filter(case__organisation=result.busiest).first()
    if with_messages is not None:
        messages = case_messages_for(view=case_get_for(actor=actor, case_id=with_messages.case_id))
        assert messages and messages[0].body
    receipt = (tmp_path / "r.txt").read_text().split()[0]
    assert report_find(raw_receipt=receipt, client="test").case.pk


def test_command_refuses_without_the_explicit_flag_and_seeds_with_it(settings: Any) -> None:
    from django.core.management.base import CommandError

    settings.KORGOO_DEMO = False
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("seed_synthetic", cases=10, organisations=2, stdout=io.StringIO())
    call_command(
        "seed_synthetic", cases=10, organisations=2, yes_this_is_not_production=True, stdout=io.StringIO()
    )
    call_command(
        "seed_synthetic", cases=10, organisations=2, yes_this_is_not_production=True, stdout=io.StringIO()
    )
    assert Case.objects.count() == 20
