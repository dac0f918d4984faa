"""Referral lifecycle (SECURITY.md requirement 6): offer, accept, decline, revoke; field limits."""

from __future__ import annotations

from typing import Any

import pytest

from korgoo.cases import selectors
from korgoo.cases.models import Case, CaseEvent
from korgoo.cases.selectors import case_worker_view
from korgoo.cases.services import case_close, case_message_from_worker, case_message_to_worker
from korgoo.conftest import TwoOrgs, make_member, make_org
from korgoo.core.choices import OrganisationKind
from korgoo.core.errors import ApplicationError, NotFound
from korgoo.organisations.models import Role
from korgoo.organisations.selectors import actor_for_membership
from korgoo.referrals.models import Referral
from korgoo.referrals.services import referral_accept, referral_decline, referral_offer, referral_revoke

pytestmark = pytest.mark.django_db


@pytest.fixture
def union(two_orgs: TwoOrgs) -> Any:
    org = make_org("Union", kind=OrganisationKind.TRADE_UNION)
    return actor_for_membership(make_member(org, "union.caseworker", Role.CASEWORKER))


def test_nobody_sees_the_case_before_a_referral(two_orgs: TwoOrgs, union: Any) -> None:
    with pytest.raises(NotFound):
        selectors.case_get_for(actor=union, case_id=two_orgs.a.case.pk)


def test_offer_shows_only_the_referred_fields_and_accept_hands_the_case_over(
    two_orgs: TwoOrgs, union: Any
) -> None:
    a = two_orgs.a
    case_message_to_worker(actor=a.actor(), case=a.case, body="EARLY-MESSAGE")
    referral = referral_offer(
        actor=a.actor(), case=a.case, to_organisation=union.organisation, fields=["description"]
    )
    preview = selectors.case_get_for(actor=union, case_id=a.case.pk)
    assert preview.level == "offered" and not preview.can_work
    assert "CANARY-A" in preview.report["description"]
    assert "employer_name" not in preview.report and "contact_value" not in preview.report
    assert selectors.case_messages_for(view=preview) == []

    referral_accept(actor=union, referral=referral)
    case = Case.objects.get(pk=a.case.pk)
    assert case.organisation == union.organisation
    holder = selectors.case_get_for(actor=union, case_id=case.pk)
    assert holder.level == "holder" and holder.can_work
    assert set(holder.report) == {"city", "description", "happened_on"}  # the worker's words, as typed
    assert selectors.case_messages_for(view=holder) == []  # earlier messages were not referred
    case_message_from_worker(case=case, body="LATER-MESSAGE")
    assert [
        m.body for m in selectors.case_messages_for(view=selectors.case_get_for(actor=union, case_id=case.pk))
    ] == ["LATER-MESSAGE"]
    follower = selectors.case_get_for(actor=a.actor(), case_id=case.pk)
    assert follower.level == "follow" and follower.report == {} and not follower.can_work
    # The case now sits in the union's inbox, not in org A's.
    assert [c.pk for c in selectors.case_list_for(actor=union)] == [case.pk]
    assert case.pk not in [c.pk for c in selectors.case_list_for(actor=a.actor())]
    # Both timelines and the worker's view record the hand-over.
    assert CaseEvent.objects.filter(case=case, kind="referral_accepted", worker_visible=True).exists()
    worker = case_worker_view(case=case)
    assert "referral_accepted" in [e.kind for e in worker.events]


def test_receiving_organisation_closes_and_the_worker_sees_the_outcome(two_orgs: TwoOrgs, union: Any) -> None:
    a = two_orgs.a
    referral = referral_offer(
        actor=a.actor(), case=a.case, to_organisation=union.organisation, fields=["description"]
    )
    referral_accept(actor=union, referral=referral)
    case_close(actor=union, case=Case.objects.get(pk=a.case.pk), outcome="resolved")
    view = case_worker_view(case=Case.objects.get(pk=a.case.pk))
    assert (view.status, view.outcome) == ("closed", "resolved")


def test_decline_removes_the_preview(two_orgs: TwoOrgs, union: Any) -> None:
    a = two_orgs.a
    referral = referral_offer(
        actor=a.actor(), case=a.case, to_organisation=union.organisation, fields=["description"]
    )
    referral_decline(actor=union, referral=referral)
    with pytest.raises(NotFound):
        selectors.case_get_for(actor=union, case_id=a.case.pk)
    assert Case.objects.get(pk=a.case.pk).organisation == a.org
    with pytest.raises(ApplicationError):
        referral_accept(actor=union, referral=referral)


def test_revoke_takes_the_case_back_on_the_very_next_request(two_orgs: TwoOrgs, union: Any) -> None:
    a = two_orgs.a
    referral = referral_offer(
        actor=a.actor(), case=a.case, to_organisation=union.organisation, fields=["description"]
    )
    referral_accept(actor=union, referral=referral)
    referral_revoke(actor=a.actor(), referral=referral)
    with pytest.raises(NotFound):
        selectors.case_get_for(actor=union, case_id=a.case.pk)
    back = selectors.case_get_for(actor=a.actor(), case_id=a.case.pk)
    assert back.level == "owner" and "employer_name" in back.report
    assert Referral.objects.get(pk=referral.pk).state == "revoked"


def test_referrals_need_consent_and_the_consulate_is_a_separate_consent(two_orgs: TwoOrgs) -> None:
    a = two_orgs.a
    diaspora = make_org("Diaspora", kind=OrganisationKind.DIASPORA)
    with pytest.raises(ApplicationError) as refused:
        referral_offer(actor=a.actor(), case=a.case, to_organisation=diaspora, fields=["description"])
    assert refused.value.code == "no_consent"
    consulate = make_org("Consulate", kind=OrganisationKind.EMBASSY)
    a.case.share_with = ["ngo", "trade_union"]
    a.case.save(update_fields=["share_with"])
    with pytest.raises(ApplicationError):
        referral_offer(actor=a.actor(), case=a.case, to_organisation=consulate, fields=["description"])


def test_only_the_parties_can_act_on_a_referral(two_orgs: TwoOrgs, union: Any) -> None:
    a, b = two_orgs.a, two_orgs.b
    referral = referral_offer(actor=a.actor(), case=a.case, to_organisation=union.organisation, fields=[])
    with pytest.raises(NotFound):
        referral_accept(actor=b.actor(), referral=referral)
    with pytest.raises(NotFound):
        referral_revoke(actor=union, referral=referral)
    with pytest.raises(NotFound):
        referral_offer(actor=b.actor(), case=a.case, to_organisation=union.organisation, fields=[])
    with pytest.raises(ApplicationError):
        referral_offer(
            actor=a.actor(), case=a.case, to_organisation=b.org, fields=[]
        )  # one open offer at a time


def test_withdrawing_consent_revokes_the_window_of_that_kind(two_orgs: TwoOrgs, union: Any) -> None:
    from korgoo.cases.services import case_consent_withdraw

    a = two_orgs.a
    referral_offer(actor=a.actor(), case=a.case, to_organisation=union.organisation, fields=["description"])
    case_consent_withdraw(case=Case.objects.get(pk=a.case.pk), kinds=["trade_union"])
    with pytest.raises(NotFound):
        selectors.case_get_for(actor=union, case_id=a.case.pk)


def test_search_cannot_find_a_referred_case_by_a_field_that_was_not_referred(
    two_orgs: TwoOrgs, union: Any
) -> None:
    from korgoo.cases.selectors import InboxFilters, case_list_for

    a = two_orgs.a
    referral = referral_offer(
        actor=a.actor(), case=a.case, to_organisation=union.organisation, fields=["description"]
    )
    referral_accept(actor=union, referral=referral)
    assert case_list_for(actor=union, filters=InboxFilters(q="Story")).exists()  # in the description
    assert not case_list_for(
        actor=union, filters=InboxFilters(q="Employer")
    ).exists()  # employer not referred
    referral_revoke(actor=a.actor(), referral=referral)
    assert case_list_for(actor=a.actor(), filters=InboxFilters(q="Employer")).exists()
