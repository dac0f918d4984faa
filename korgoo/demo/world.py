"""The demo world: organisations, staff, routing rules and a few dozen cases in every state.

Built only by `korgoo demo`, never in production. Everything goes through the real services, so the
demo data is sealed, audited and routed exactly like real data; afterwards the dates are spread over
the past weeks so the inbox looks lived in.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from korgoo.accounts.models import User
from korgoo.broadcasts.demo import build_broadcast_world
from korgoo.cases import services as case_services
from korgoo.cases.choices import Category, Outcome, SharedField, Status, SuggestionState
from korgoo.cases.models import Case, CaseEvent, CaseMessage, CaseSuggestion
from korgoo.cases.services import NewReport
from korgoo.consular.demo import build_consular_world
from korgoo.core.actor import Actor
from korgoo.core.choices import currency_of
from korgoo.core.gazetteer import locality_match
from korgoo.courts.demo import build_court_world
from korgoo.homecoming.demo import build_homecoming_world
from korgoo.intake.models import Report
from korgoo.intake.services import report_submit
from korgoo.monitoring import services as monitoring_services
from korgoo.monitoring.importers import IMPORTERS
from korgoo.monitoring.models import Indicator, LegalFinding, Recommendation
from korgoo.monitoring.publishing import health_publish, monitoring_publish
from korgoo.monitoring.refresh import tallies_refresh
from korgoo.organisations.models import Membership, Organisation, Role
from korgoo.organisations.selectors import actor_for_membership
from korgoo.organisations.services import membership_create, membership_profile_set, organisation_create
from korgoo.referrals.services import referral_accept, referral_offer
from korgoo.search.demo import build_help_world

from .cast import (
    BACKGROUND_CASES,
    DEMO_PLACES_FILE,
    MESSAGES_FROM_WORKER,
    MESSAGES_TO_WORKER,
    ORGANISATIONS,
    PASSWORD,
    PROFILES,
    RULES,
    STORIES,
    USERS,
)
from .synthetic import seed_for


def _user(username: str, full_name: str, *, superuser: bool = False) -> User:
    user = User.objects.create_user(
        username=username,
        password=PASSWORD,
        full_name=full_name,
        email=f"{username}@demo.korgoo.invalid",
        preferred_language="ru",
    )
    if superuser:
        user.is_staff = True
        user.is_superuser = True
        user.save(update_fields=["is_staff", "is_superuser"])
    return user


@transaction.atomic
def build_world(*, seed: int = 7) -> dict[str, int]:
    """Create the demo world in an empty database and return what was made."""
    rng = random.Random(seed)  # noqa: S311 - demo data shape, not security
    admin = _user("admin", "Platform administrator", superuser=True)
    admin_actor = Actor(user=admin, is_platform_admin=True)
    orgs: dict[str, Organisation] = {}
    for key, (name, kind, country, city, woman) in ORGANISATIONS.items():
        orgs[key] = organisation_create(
            actor=admin_actor,
            name=name,
            kind=kind,
            country=country,
            city=city,
            languages=["ky", "ru"],
            woman_caseworker_available=woman,
        )
    actors: dict[str, Actor] = {}
    for username, full_name, org_key, role in USERS:
        membership = membership_create(
            actor=admin_actor, organisation=orgs[org_key], user=_user(username, full_name), role=role
        )
        actors[username] = actor_for_membership(membership)
        if username in PROFILES:
            gender, lawyer = PROFILES[username]
            membership_profile_set(actor=actors[username], gender=gender, is_lawyer=lawyer)
            actors[username] = actor_for_membership(Membership.objects.get(pk=membership.pk))
    coordinator = actors["coordinator"]
    for org_key, country, city, category, priority in RULES:
        locality_id = locality_match(city, country) if city else None
        if city and locality_id is None:
            raise ValueError(f"the demo rule's city {city!r} is not in the gazetteer")
        case_services.routing_rule_create(
            actor=coordinator,
            organisation=orgs[org_key],
            country=country,
            locality_id=locality_id,
            category=category,
            priority=priority,
        )
    # Places of help, rights articles and the (demo) agency registry, before the stories, so that the
    # demo's fraud reports are linked to registry agencies like real ones.
    made_help = build_help_world(demo_places=[DEMO_PLACES_FILE])

    actor_of_org = {
        m.organisation_id: actor_for_membership(m)
        for m in Membership.objects.select_related("user", "organisation").filter(role=Role.CASEWORKER)
    }
    cases: list[Case] = []
    for _round in range(2):
        for story in STORIES:
            new = NewReport(
                language=story.language,
                country=story.country,
                city=story.city,
                categories=list(story.categories),
                description=story.description,
                employer_name=story.employer,
                contact_channel=rng.choice(["", "whatsapp", "telegram", "phone"]),
                contact_value=f"+7 9{rng.randint(10, 99)} {rng.randint(100, 999)}-{rng.randint(10, 99)}-{rng.randint(10, 99)}",
                prefers_woman_caseworker=story.woman,
                share_with=list(story.share_with),
            )
            if not new.contact_channel:
                new = NewReport(**{**new.__dict__, "contact_value": ""})
            cases.append(report_submit(new=new).report.case)

    made = {"organisations": len(orgs), "users": len(USERS) + 1, "cases": len(cases), **made_help}
    stages: dict[Any, int] = {}
    for index, case in enumerate(cases):
        case.refresh_from_db()
        actor = actor_of_org.get(case.organisation_id) if case.organisation_id else None
        if actor is None:
            continue  # stays in the coordinators' queue
        stage = stages[case.pk] = index % 6
        if stage == 0:
            continue  # new, untouched
        _assign(case, actor)
        language = case.language
        case_services.case_message_to_worker(actor=actor, case=case, body=MESSAGES_TO_WORKER[language][0])
        if stage >= 2:
            case_services.case_message_from_worker(case=case, body=MESSAGES_FROM_WORKER[language])
            case_services.case_note_add(
                actor=actor, case=case, body="Проверить, есть ли у работника фото табеля."
            )
        if stage == 3:
            case_services.case_set_status(actor=actor, case=case, status=Status.NEGOTIATION)
            case_services.case_message_to_worker(actor=actor, case=case, body=MESSAGES_TO_WORKER[language][1])
        if stage == 4:
            case_services.case_set_status(actor=actor, case=case, status=Status.COURT)
        if stage == 5:
            outcome = rng.choice(
                [
                    Outcome.RESOLVED,
                    Outcome.RESOLVED,
                    Outcome.PARTLY_RESOLVED,
                    Outcome.UNRESOLVED,
                    Outcome.LOST_CONTACT,
                ]
            )
            money = (
                Decimal(rng.choice([35000, 48000, 60000, 120000]))
                if outcome in (Outcome.RESOLVED, Outcome.PARTLY_RESOLVED)
                else None
            )
            currency = currency_of(case.country)
            if money is not None and currency == "KZT":
                money *= 5
            case_services.case_close(
                actor=actor,
                case=case,
                outcome=outcome,
                money_recovered=money,
                money_currency=currency if money is not None else "",
                documents_returned=Category.DOCUMENTS_TAKEN in [c.category for c in case.categories.all()],
            )

    # Suggestions read from the texts: caseworkers took some and turned down or lowered others, so the
    # case pages and the monitoring tables show all three; a third stay waiting.
    for index, case in enumerate(cases):
        case.refresh_from_db()
        actor = actor_of_org.get(case.organisation_id) if case.organisation_id else None
        if actor is None or index % 3 == 0 or not case.is_open:
            continue
        for suggestion in case.suggestions.filter(state=SuggestionState.PENDING):
            accept = not (suggestion.is_urgency and index % 2 == 1) and index % 5 != 4
            case_services.case_suggestion_decide(
                actor=actor, case=case, subject=suggestion.subject, accept=accept
            )

    # Referrals: one accepted (NGO Moscow → trade union), one waiting for an answer (→ diaspora).
    ngo = actors["ngo.moscow"]
    ngo_cases = [c for c in Case.objects.filter(organisation=orgs["ngo_moscow"], status=Status.IN_PROGRESS)]
    if len(ngo_cases) >= 2:
        accepted = referral_offer(
            actor=ngo,
            case=ngo_cases[0],
            to_organisation=orgs["union_moscow"],
            fields=[SharedField.DESCRIPTION, SharedField.EMPLOYER, SharedField.MESSAGES],
            note="Работодатель — член отраслевого объединения, профсоюз сможет надавить.",
        )
        referral_accept(actor=actors["union.moscow"], referral=accepted)
        referral_offer(
            actor=ngo,
            case=ngo_cases[1],
            to_organisation=orgs["diaspora_spb"],
            fields=[SharedField.DESCRIPTION],
            note="Работник переехал в Петербург.",
        )
    made["cases"] += seed_for(
        organisations=[o for key, o in orgs.items() if key != "ministry_kg"],
        members=list(
            Membership.objects.filter(role=Role.CASEWORKER, organisation__in=orgs.values()).order_by("pk")
        ),
        cases=BACKGROUND_CASES,
        rng=rng,
    )
    _spread_dates(rng, stages)
    _state_picture(actors, rng)
    # The consular reception, after the stories, so that an urgent case can get an emergency place.
    made.update(
        build_consular_world(
            admin=admin_actor,
            embassy=orgs["embassy_moscow"],
            consulate=orgs["consulate_almaty"],
            desk=actors["embassy.moscow"],
            caseworker=actors["embassy.moscow"],
            rng=rng,
        )
    )
    # Court decisions on citizens, with the missions' alerts and a review queue.

    made.update(build_court_world(embassy=actors["embassy.moscow"], consulate=actors["consulate.almaty"]))
    # Workers who went home: organisations in Kyrgyzstan, a hand-over to Osh, and a broadcast.
    made.update(
        build_homecoming_world(admin=admin_actor, password_user=_user, union=actors["union.moscow"], rng=rng)
    )
    made.update(build_broadcast_world(coordinator=coordinator))
    return made


def _assign(case: Case, caseworker: Actor) -> None:
    """Give the case to its organisation's caseworker, as the organisation's administrator or
    coordinator would; a case whose worker asked for a woman only to a woman (else it waits)."""
    member = caseworker.membership
    if member is None or case.organisation_id is None:
        return
    if case.prefers_woman_caseworker and member.gender != "woman":
        return
    assigner = Membership.objects.filter(
        organisation_id=case.organisation_id, role__in=[Role.ORG_ADMIN, Role.COORDINATOR]
    ).first()
    if assigner is not None:
        case_services.case_assign(actor=actor_for_membership(assigner), case=case, assignee=member)
    else:  # small organisations have no one who assigns: the caseworker simply takes the case
        Case.objects.filter(pk=case.pk).update(assignee=member)
        case.assignee = member


def _state_picture(actors: dict[str, Actor], rng: random.Random) -> None:
    """The state's picture: the registers loaded, indicator values and statuses entered by the analyst
    (most approved by the coordinator, one awaiting review), health counts entered by the NGO's
    administrator, and everything published as it would be at night."""
    for importer in IMPORTERS.values():
        importer()
    analyst, reviewer = actors["analyst"], actors["coordinator"]
    year = timezone.localdate().year
    entered = [
        ("honorary-consuls", str(year - 1), "8", "mfa.gov.kg: list of honorary consuls in Russia"),
        (
            "court-decisions-monitored",
            f"{year - 1}",
            "14",
            "Court decisions collected by the NGOs of the network",
        ),
    ]
    for code, period, value, evidence in entered:
        indicator = Indicator.objects.filter(code=code).first()
        if indicator is None or indicator.computed:
            continue
        row = monitoring_services.indicator_value_enter(
            actor=analyst, indicator=indicator, period=period, value=value, evidence=evidence
        )
        monitoring_services.indicator_value_review(actor=reviewer, value=row, approve=True)
    pending = Indicator.objects.filter(code="honorary-consuls").first()
    if pending is not None:
        monitoring_services.indicator_value_enter(
            actor=analyst,
            indicator=pending,
            period=str(year),
            value="9",
            evidence="mfa.gov.kg, news of the year",
        )
    for number, recommendation in enumerate(Recommendation.objects.order_by("position")[:8]):
        update = monitoring_services.recommendation_status_set(
            actor=analyst,
            recommendation=recommendation,
            status=["in_progress", "partly", "not_started", "implemented"][number % 4],
            evidence="Ответ министерства на запрос аналитика (демо)",
        )
        if number < 7:
            monitoring_services.recommendation_update_review(actor=reviewer, update=update, approve=True)
    finding = LegalFinding.objects.order_by("position").first()
    if finding is not None:
        monitoring_services.legal_finding_status_propose(
            actor=analyst, finding=finding, status="proposed", evidence="Письмо в Жогорку Кенеш (демо)"
        )
    rows = []
    for country, region in (("RU", "Москва"), ("RU", "Московская область"), ("KZ", "Алматы")):
        for quarter in (1, 2, 3, 4):
            for condition, base in (("tuberculosis", 9), ("hiv", 6), ("sti", 11), ("other", 3)):
                for sex in ("male", "female"):
                    rows.append(
                        monitoring_services.HealthRow(
                            country=country,
                            region=region,
                            year=year - 1,
                            quarter=quarter,
                            sex=sex,
                            age_band=rng.choice(["25-34", "35-44"]),
                            condition=condition,
                            count=base + rng.randint(0, 6)
                            if sex == "male"
                            else max(0, base - rng.randint(2, 6)),
                        )
                    )
    monitoring_services.health_stats_enter(actor=actors["ngo.moscow.admin"], rows=rows)
    tallies_refresh(full=True)
    monitoring_publish()
    health_publish()


def _spread_dates(rng: random.Random, stages: dict[Any, int]) -> None:
    """Date the story cases relative to today, keeping each case's order of events: new reports from
    the last day and a half, cases in progress from the last weeks (about one in three past its
    deadline, the others due in the coming days), closed ones older. Reports still in the
    coordinators' queue arrived in the last three days."""
    now = timezone.now()
    today = timezone.localdate()
    for number, case in enumerate(
        Case.objects.filter(pk__in=list(stages)) | Case.objects.filter(organisation=None)
    ):
        stage = stages.get(case.pk)
        if stage is None:  # in the queue
            shift, due = dt.timedelta(hours=rng.randint(2, 70)), today + dt.timedelta(days=1)
        elif stage == 0:
            shift = dt.timedelta(hours=rng.randint(1, 36))
            due = (now - shift).date() + dt.timedelta(days=1 if case.urgent else 3)
        elif stage == 5:
            shift, due = dt.timedelta(days=rng.randint(12, 56), hours=rng.randint(0, 20)), None
        else:
            shift = dt.timedelta(days=rng.randint(3, 40), hours=rng.randint(0, 20))
            overdue = number % 3 == 0
            due = today + (
                dt.timedelta(days=-rng.randint(1, 5)) if overdue else dt.timedelta(days=rng.randint(2, 12))
            )
        Case.objects.filter(pk=case.pk).update(
            reported_on=(now - shift).date(),
            last_activity_at=now
            - shift
            + dt.timedelta(hours=min(shift.total_seconds() // 3600, rng.randint(2, 60))),
            due_on=due,
            first_response_at=(now - shift + dt.timedelta(hours=rng.randint(2, 30)))
            if case.first_response_at
            else None,
            closed_at=(now - shift + dt.timedelta(days=shift.days // 2)) if case.closed_at else None,
        )
        CaseEvent.objects.filter(case=case).update(at=now - shift)
        CaseSuggestion.objects.filter(case=case).update(suggested_at=now - shift)
        CaseSuggestion.objects.filter(case=case, decided_at__isnull=False).update(decided_at=now - shift)
        CaseMessage.objects.filter(case=case).update(
            sent_at=now - shift + dt.timedelta(hours=rng.randint(1, 20))
        )
        Report.objects.filter(case=case).update(submitted_at=now - shift)
