"""The demo's homecoming: two organisations in Kyrgyzstan (a legal-aid centre in Osh and a regional
office of the migration ministry in Jalal-Abad), a worker back in Osh whose wage claim the Moscow
union keeps while the Osh centre continues the case, and a few more returns for the monitoring.
Built only by `korgoo demo`, through the real services."""

from __future__ import annotations

import random
from typing import Any

from korgoo.accounts.models import User
from korgoo.cases.choices import Category, SharedField, Status
from korgoo.cases.models import Case
from korgoo.cases.services import NewReport, case_message_to_worker
from korgoo.core.actor import Actor
from korgoo.core.choices import Country, OrganisationKind
from korgoo.intake.services import report_submit
from korgoo.organisations.models import Membership, Organisation, Role
from korgoo.organisations.selectors import actor_for_membership
from korgoo.organisations.services import membership_create, organisation_create
from korgoo.referrals.services import referral_accept

from .choices import ClaimStep, Region
from .models import HomeCover
from .services import (
    claim_step_record,
    handover_consent,
    handover_offer,
    return_record,
    return_record_by_worker,
)

HOME_ORGANISATIONS = [
    # key, name, kind, city, regions served, username, full name
    (
        "legal_osh",
        "Центр правовой помощи «Кайтуу» (Ош)",
        OrganisationKind.LEGAL_AID,
        "Osh",
        (Region.OSH_CITY, Region.OSH, Region.BATKEN),
        "legal.osh",
        "Жыпар Абдыкадырова",
    ),
    (
        "migration_jalalabad",
        "Региональное представительство по внешней миграции (Джалал-Абад)",
        OrganisationKind.MIGRATION_OFFICE,
        "Jalal-Abad",
        (Region.JALAL_ABAD,),
        "migration.jalalabad",
        "Улан Турдубаев",
    ),
]
STORY = (
    "Москвада курулушта төрт ай иштедим, акыркы эки айлык төлөнгөн жок. Каттоомдун мөөнөтү бүтүп, "
    "Ошко кайтып келдим. Бригадир акчаны кийин которобуз деди, бирок жооп бербей калды."
)


def build_homecoming_world(
    *, admin: Actor, password_user: Any, union: Actor, rng: random.Random
) -> dict[str, int]:
    """Create the organisations at home, the returned worker's case and its hand-over."""
    homes: dict[str, Organisation] = {}
    actors: dict[str, Actor] = {}
    for key, name, kind, city, regions, username, full_name in HOME_ORGANISATIONS:
        homes[key] = organisation_create(
            actor=admin,
            name=name,
            kind=kind,
            country=Country.KG,
            city=city,
            languages=["ky", "ru"],
            woman_caseworker_available=key == "legal_osh",
        )
        for region in regions:
            HomeCover.objects.create(organisation=homes[key], region=region)
        user: User = password_user(username, full_name)
        membership = membership_create(actor=admin, organisation=homes[key], user=user, role=Role.CASEWORKER)
        actors[key] = actor_for_membership(membership)

    # The worker reported in Moscow (the union has unpaid-wage reports there), went home to Osh,
    # and agreed that the Osh centre continues the case; the union keeps the wage claim.
    submitted = report_submit(
        new=NewReport(
            language="ky",
            country=Country.RU,
            city="Москва",
            categories=[Category.UNPAID_WAGES],
            description=STORY,
            employer_name="ООО «СтройМонтаж-Демо»",
            contact_channel="",
            contact_value="",
            prefers_woman_caseworker=False,
            share_with=[OrganisationKind.TRADE_UNION, OrganisationKind.NGO],
        )
    )
    report, case = submitted.report, submitted.report.case
    return_record_by_worker(report=report, region=Region.OSH_CITY)
    handover_consent(report=report, organisation_id=homes["legal_osh"].pk)
    handover = handover_offer(
        actor=union,
        case_id=case.pk,
        fields=[SharedField.DESCRIPTION, SharedField.EMPLOYER],
        claim_kept=True,
    )
    assert handover.referral is not None
    referral_accept(actor=actors["legal_osh"], referral=handover.referral)
    claim_step_record(actor=union, case_id=case.pk, step=ClaimStep.POWER_OF_ATTORNEY)
    claim_step_record(actor=union, case_id=case.pk, step=ClaimStep.DEMAND_SENT)
    case_message_to_worker(
        actor=actors["legal_osh"],
        case=Case.objects.get(pk=case.pk),
        body=(
            "Саламатсызбы! Биз Оштогу укуктук жардам борборубуз. Профсоюз Москвада айлык боюнча "
            "талапты улантат. Ишеним катты нотариуста кантип жасоону айтып беребиз — бизге келиңиз."
        ),
    )

    # A few more workers went home, as caseworkers recorded: the monitoring has figures to show.
    towns = [Region.OSH_CITY, Region.OSH, Region.JALAL_ABAD, Region.BISHKEK, Region.CHUY, Region.BATKEN]
    holders = {
        m.organisation_id: actor_for_membership(m)
        for m in Membership.objects.select_related("organisation", "user").filter(role=Role.CASEWORKER)
    }
    more = 0
    for other in Case.objects.filter(
        status__in=[Status.IN_PROGRESS, Status.NEGOTIATION], withdrawn_at__isnull=True
    ).order_by("created_at")[:30]:
        holder = holders.get(other.organisation_id) if other.organisation_id else None
        if holder is None or other.country == Country.KG or hasattr(other, "homecoming"):
            continue
        return_record(actor=holder, case_id=other.pk, region=rng.choice(towns))
        more += 1
    return {"home_organisations": len(homes), "returns": 1 + more}
