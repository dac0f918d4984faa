"""Slots from working plans, bookings and their limits, emergencies, and the hall."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine

from korgoo.audit.models import AuditEvent
from korgoo.cases.models import Case, CaseCategory, CaseEvent
from korgoo.conftest import SUITE_NOW, TwoOrgs
from korgoo.consular import services
from korgoo.consular.choices import BookingKind, BookingStatus, TicketStatus
from korgoo.consular.models import Booking, CapacityReturn, Slot
from korgoo.core.errors import ApplicationError, NotFound
from korgoo.organisations.selectors import actor_for_membership

from .conftest import PASSPORT, Hall, make_mission, released_slot

pytestmark = pytest.mark.django_db
MSK = ZoneInfo("Europe/Moscow")


def test_slots_follow_the_plan_its_break_and_the_release_schedule(hall: Hall) -> None:
    # Plan: weekdays 09:00–13:00 with a break 11:00–11:30. Passport visits take 30 minutes:
    # 09:00 09:30 10:00 10:30 | 11:30 12:00 12:30 = 7 a day; consultations take an hour:
    # 09:00 10:00 | 11:30 = 3 a day. 16 Nov – 6 Dec 2026 has 15 weekdays and no public holiday of
    # Russia or Kyrgyzstan (Russia's 4 November is before, Kyrgyzstan's 7–8 November too).
    assert Slot.objects.filter(service=hall.passport).count() == 15 * 7
    assert Slot.objects.filter(service=hall.consultation).count() == 15 * 3
    monday = [
        s.starts_at.astimezone(MSK).strftime("%H:%M")
        for s in Slot.objects.filter(service=hall.passport, starts_at__date=dt.date(2026, 11, 23))
    ]
    assert monday == ["09:00", "09:30", "10:00", "10:30", "11:30", "12:00", "12:30"]
    # Released 14 days ahead at 09:00 Moscow time: Monday 30 November opens on Monday 16 November.
    first = Slot.objects.filter(service=hall.passport, starts_at__date=dt.date(2026, 11, 30)).first()
    assert first is not None and first.opens_at == dt.datetime(2026, 11, 16, 9, 0, tzinfo=MSK)
    # Generating again adds nothing.
    again = services.slots_generate(actor=None, mission=hall.mission, start=dt.date(2026, 11, 16), days=21)
    assert again == 0


def test_holidays_of_the_host_country_and_of_kyrgyzstan_are_closed_across_the_new_year(db: Any) -> None:
    made = make_mission()
    # 28 Dec 2026 – 10 Jan 2027. Russia: 1–8 January are the New Year holidays and Christmas (Labour
    # Code art. 112); the Government's decree on days off in 2026 moves the day off of Sunday
    # 4 January to Thursday 31 December. Kyrgyzstan: 1 and 7 January. Open: Mon 28, Tue 29, Wed 30 Dec.
    services.slots_generate(actor=None, mission=made.mission, start=dt.date(2026, 12, 28), days=14)
    days = sorted({s.starts_at.astimezone(MSK).date() for s in Slot.objects.filter(service=made.passport)})
    assert days == [dt.date(2026, 12, 28), dt.date(2026, 12, 29), dt.date(2026, 12, 30)]


def test_the_consulate_in_almaty_closes_on_kazakhstans_independence_day(db: Any) -> None:
    made = make_mission("Consulate in Almaty", country="KZ", city="Almaty", zone="Asia/Almaty", prefix="k")
    # Kazakhstan's Independence Day is 16 December (Labour Code of Kazakhstan, holidays law art. 1).
    services.slots_generate(actor=None, mission=made.mission, start=dt.date(2026, 12, 14), days=5)
    days = sorted(
        {
            s.starts_at.astimezone(ZoneInfo("Asia/Almaty")).date()
            for s in Slot.objects.filter(service=made.passport)
        }
    )
    assert dt.date(2026, 12, 16) not in days and dt.date(2026, 12, 15) in days


def book(slot: Slot, passport: str = PASSPORT, **extra: Any) -> services.Booked:
    return services.booking_create(
        slot_id=slot.pk,
        service_code=slot.service.code,
        passport_number=passport,
        phone="+7 900 111 22 33",
        **extra,
    )


def test_a_booking_takes_a_place_and_keeps_no_passport_or_code_in_the_clear(hall: Hall) -> None:
    slot = released_slot(hall)
    booked = book(slot, passport="ас 123-45-67")  # Cyrillic letters as typed on a Russian keyboard
    assert len(booked.code) == 8
    slot.refresh_from_db()
    assert slot.taken == 1 and slot.remaining == 0
    row = Booking.objects.get()
    assert row.passport_digest == services.passport_digest("AC1234567")
    stored = " ".join(str(v) for v in Booking.objects.values().get().values())
    # Whole values only: a short piece like "900" turns up by chance in digests and ids.
    assert "1234567" not in stored and booked.code not in stored and "9001112233" not in stored
    assert services.booking_phone(row) == "+79001112233"


def test_a_full_slot_and_a_second_booking_of_the_same_person_are_conflicts(hall: Hall) -> None:
    slot = released_slot(hall)
    book(slot)
    with pytest.raises(ApplicationError) as full:
        book(slot, passport="AN7654321")
    assert full.value.code == "slot_full" and full.value.status == 409
    later = Slot.objects.filter(service=hall.passport, opens_at__lte=SUITE_NOW).order_by("-starts_at").first()
    assert later is not None
    with pytest.raises(ApplicationError) as twice:
        book(later)
    assert twice.value.code == "already_booked" and twice.value.status == 409
    # Another mission does not help: one active booking per person per service, everywhere.
    other = make_mission("Consulate in Almaty", country="KZ", city="Almaty", zone="Asia/Almaty", prefix="k")
    services.slots_generate(actor=None, mission=other.mission, start=dt.date(2026, 11, 16), days=14)
    with pytest.raises(ApplicationError) as elsewhere:
        book(released_slot(other))
    assert elsewhere.value.code == "already_booked"
    # Another service is another matter.
    assert book(released_slot(hall, hall.consultation)).booking.service == hall.consultation


def test_a_slot_not_yet_released_cannot_be_booked(hall: Hall) -> None:
    unreleased = Slot.objects.filter(service=hall.passport, opens_at__gt=SUITE_NOW).first()
    assert unreleased is not None
    with pytest.raises(ApplicationError) as refused:
        book(unreleased)
    assert refused.value.code == "slot_not_released"
    assert Slot.objects.get(pk=unreleased.pk).taken == 0


def test_a_cancelled_place_returns_to_the_pool_later_at_a_random_moment(
    hall: Hall, settings: Any, clock: time_machine.Traveller
) -> None:
    settings.KORGOO_CONSULAR_RETURN_MINUTES = 30
    slot = released_slot(hall)
    booked = book(slot)
    services.booking_cancel(code=services.code_display(booked.code).lower())
    assert Booking.objects.get().status == BookingStatus.CANCELLED
    waiting = CapacityReturn.objects.get(slot=slot)
    assert SUITE_NOW <= waiting.returns_at <= SUITE_NOW + dt.timedelta(minutes=31)
    clock.move_to(waiting.returns_at - dt.timedelta(seconds=1), tick=False)
    with pytest.raises(ApplicationError):  # not yet: the seller cannot hand the place over
        book(slot, passport="AN7654321")
    clock.move_to(waiting.returns_at + dt.timedelta(seconds=1), tick=False)
    assert book(slot, passport="AN7654321").booking.slot == slot
    assert Slot.objects.get(pk=slot.pk).taken == 1 and not CapacityReturn.objects.exists()
    with pytest.raises(NotFound):
        services.booking_cancel(code="AAAA-AAAA")


def test_rescheduling_keeps_the_code_and_the_person(hall: Hall, settings: Any) -> None:
    settings.KORGOO_CONSULAR_RETURN_MINUTES = 0
    first, second = list(
        Slot.objects.filter(service=hall.passport, opens_at__lte=SUITE_NOW, starts_at__gt=SUITE_NOW).order_by(
            "starts_at"
        )[:2]
    )
    booked = book(first)
    moved = services.booking_reschedule(code=booked.code, slot_id=second.pk)
    assert moved.slot == second and moved.code_digest == services.code_digest(booked.code)
    assert Slot.objects.get(pk=first.pk).taken == 0 and Slot.objects.get(pk=second.pk).taken == 1


def _urgent(case: Case) -> Case:
    CaseCategory.objects.get_or_create(case=case, category="documents_taken")
    return case


def test_a_caseworker_books_an_emergency_place_before_the_general_release(
    hall: Hall, two_orgs: TwoOrgs
) -> None:
    a = two_orgs.a
    case = _urgent(a.case)
    unreleased = Slot.objects.filter(service=hall.passport, opens_at__gt=SUITE_NOW).first()
    assert unreleased is not None
    booked = services.booking_emergency_create(
        actor=a.actor(), case_id=case.pk, slot_id=unreleased.pk, passport_number="AN5555555"
    )
    row = booked.booking
    assert row.kind == BookingKind.EMERGENCY and row.priority and row.case_id == case.pk
    assert Slot.objects.get(pk=unreleased.pk).emergency_taken == 1
    assert Slot.objects.get(pk=unreleased.pk).taken == 0  # the general place is still there
    event = CaseEvent.objects.get(case=case, kind="consular_booked")
    assert event.worker_visible and event.data["emergency"] is True
    assert AuditEvent.objects.filter(action="consular.emergency_booked", object_id=str(case.pk)).exists()
    # The emergency place is gone; the next one takes the general place, still before its release.
    CaseCategory.objects.get_or_create(case=two_orgs.a.case, category="police")
    other = services.booking_emergency_create(
        actor=a.actor(), case_id=case.pk, slot_id=unreleased.pk, passport_number="AN6666666"
    )
    assert other.booking.priority is False and Slot.objects.get(pk=unreleased.pk).taken == 1


def test_emergency_places_are_for_urgent_cases_of_ones_own_organisation(
    hall: Hall, two_orgs: TwoOrgs
) -> None:
    slot = Slot.objects.filter(service=hall.passport).first()
    assert slot is not None
    with pytest.raises(ApplicationError) as not_urgent:
        services.booking_emergency_create(
            actor=two_orgs.a.actor(), case_id=two_orgs.a.case.pk, slot_id=slot.pk, passport_number=PASSPORT
        )
    assert not_urgent.value.code == "not_urgent"
    _urgent(two_orgs.b.case)
    with pytest.raises(NotFound):
        services.booking_emergency_create(
            actor=two_orgs.a.actor(), case_id=two_orgs.b.case.pk, slot_id=slot.pk, passport_number=PASSPORT
        )
    with pytest.raises(ApplicationError):  # a viewer does not work cases
        services.booking_emergency_create(
            actor=two_orgs.a.actor("viewer"),
            case_id=two_orgs.a.case.pk,
            slot_id=slot.pk,
            passport_number=PASSPORT,
        )
    assert not Booking.objects.exists()


def test_the_desk_checks_the_passport_and_windows_call_emergencies_first(
    hall: Hall, two_orgs: TwoOrgs, clock: time_machine.Traveller
) -> None:
    today = dt.datetime(2026, 11, 16, 12, 30, tzinfo=MSK)
    general = Slot.objects.get(service=hall.passport, starts_at=today)
    walk_in_actor = actor_for_membership(hall.clerk)
    general_booking = book(general)
    emergency = services.booking_emergency_create(
        actor=two_orgs.a.actor(),
        case_id=_urgent(two_orgs.a.case).pk,
        slot_id=general.pk,
        passport_number="AN5555555",
    )
    clock.move_to(dt.datetime(2026, 11, 16, 12, 10, tzinfo=MSK), tick=False)
    walk_in = services.ticket_walk_in(actor=walk_in_actor, service_code="passport")
    with pytest.raises(ApplicationError) as wrong:
        services.booking_check_in(actor=walk_in_actor, code=general_booking.code, passport_number="AN0000000")
    assert wrong.value.fields.keys() == {"passport_number"}
    first = services.booking_check_in(
        actor=walk_in_actor, code=general_booking.code, passport_number=PASSPORT
    )
    second = services.booking_check_in(actor=walk_in_actor, code=emergency.code, passport_number="AN5555555")
    assert (walk_in.label, first.label, second.label) == ("A-001", "A-002", "A-003")
    called = [services.ticket_call_next(actor=walk_in_actor, window_number=n) for n in (1, 2, 1)]
    # The emergency first; then the booked person whose time has come; the walk-in last.
    assert [t.label for t in called if t] == ["A-003", "A-002", "A-001"]
    assert services.ticket_call_next(actor=walk_in_actor, window_number=2) is None
    assert Booking.objects.get(pk=general_booking.booking.pk).status == BookingStatus.CALLED
    services.ticket_finish(actor=walk_in_actor, ticket_id=called[1].pk, served=True)  # type: ignore[union-attr]
    services.ticket_finish(actor=walk_in_actor, ticket_id=called[0].pk, served=False)  # type: ignore[union-attr]
    assert Booking.objects.get(pk=general_booking.booking.pk).status == BookingStatus.SERVED
    assert Booking.objects.get(pk=emergency.booking.pk).status == BookingStatus.NO_SHOW
    assert called[2] is not None and called[2].status == TicketStatus.CALLED
    # Another organisation's member has no hall here.
    with pytest.raises(NotFound):
        services.ticket_walk_in(actor=two_orgs.a.actor(), service_code="passport")


def test_bookings_nobody_came_for_become_no_shows(hall: Hall, clock: time_machine.Traveller) -> None:
    slot = released_slot(hall)
    booked = book(slot)
    clock.move_to(slot.ends_at + dt.timedelta(minutes=29), tick=False)
    assert services.bookings_mark_no_shows() == 0
    clock.move_to(slot.ends_at + dt.timedelta(minutes=31), tick=False)
    assert services.bookings_mark_no_shows() == 1
    assert Booking.objects.get(pk=booked.booking.pk).status == BookingStatus.NO_SHOW


def test_the_daily_command_makes_the_coming_slots_once(db: Any) -> None:
    from io import StringIO

    from django.core.management import call_command

    made = make_mission()
    out = StringIO()
    call_command("generate_slots", stdout=out)
    # 21 days from Monday 16 November 2026 (release 14 + 7): 15 weekdays, 7 + 3 slots each.
    assert out.getvalue().strip() == "slots made: 150"
    call_command("generate_slots", stdout=out)
    assert out.getvalue().strip().endswith("slots made: 0")
    assert Slot.objects.filter(mission=made.mission).count() == 150


def test_a_day_after_its_time_a_booking_keeps_no_phone_or_passport(
    hall: Hall, clock: time_machine.Traveller
) -> None:
    from io import StringIO

    from django.core.management import call_command

    slot = released_slot(hall)
    booked = book(slot)
    later = book(Slot.objects.filter(service=hall.consultation, opens_at__lte=SUITE_NOW).last())  # type: ignore[arg-type]
    clock.move_to(slot.ends_at + dt.timedelta(hours=2), tick=False)
    out = StringIO()
    call_command("mark_no_shows", stdout=out)
    assert "no-shows: 1" in out.getvalue()
    row = Booking.objects.get(pk=booked.booking.pk)
    assert row.passport_digest and row.sealed_contact  # not yet: a day after its time
    clock.move_to(slot.ends_at + dt.timedelta(days=1, hours=1), tick=False)
    assert services.bookings_forget() == {"bookings": 1, "phone_codes": 0}
    row = Booking.objects.get(pk=booked.booking.pk)
    assert (row.passport_digest, row.phone_digest, bytes(row.sealed_contact), bytes(row.wrapped_key)) == (
        "",
        "",
        b"",
        b"",
    )
    assert row.status == BookingStatus.NO_SHOW  # the statistics keep their row
    assert Booking.objects.get(pk=later.booking.pk).passport_digest  # still to come: kept
