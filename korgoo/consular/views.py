"""Pages of the consular reception.

Worker pages (Kyrgyz by default, no JavaScript, no cookie): choose a mission, a service, a day and a
time; book with the receipt or a phone and the passport number; get the code and its QR code; cancel
or move the appointment with the code. The hall's screen is public and shows ticket labels only.
Staff pages: the desk and windows of the actor's own mission, and the emergency booking from a case.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import qrcode
import qrcode.constants
from django.contrib import messages
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from korgoo.cases.selectors import case_get_for
from korgoo.core.access import public_view
from korgoo.core.actor import ActorRequest
from korgoo.core.errors import ApplicationError, NotFound, Throttled
from korgoo.core.throttle import client_fingerprint
from korgoo.core.web import errors_to_form
from korgoo.intake.services import form_token_check, form_token_issue
from korgoo.intake.sessions import worker_page
from korgoo.organisations.permissions import Perm, staff_view

from . import selectors, services
from .choices import Channel
from .forms import BookingForm, CheckInForm, CodeForm, EmergencyForm
from .models import Booking, ConsularService, Mission, Slot


@dataclass(frozen=True)
class QrPicture:
    """A QR code drawn on the server as one SVG path (`{% include "consular/_qr.html" %}`): nothing is
    loaded from anywhere, and the template escapes it like any other value."""

    size: int
    path: str


def qr_picture(text: str) -> QrPicture:
    code = qrcode.QRCode(border=2, error_correction=qrcode.constants.ERROR_CORRECT_M)
    code.add_data(text)
    code.make(fit=True)
    matrix = code.get_matrix()
    parts = [f"M{x},{y}h1v1h-1z" for y, row in enumerate(matrix) for x, dark in enumerate(row) if dark]
    return QrPicture(size=len(matrix), path="".join(parts))


def _time(slot: Slot, mission: Mission) -> str:
    return slot.starts_at.astimezone(selectors.local_zone(mission)).strftime("%H:%M")


def _when(slot: Slot, mission: Mission) -> str:
    local = slot.starts_at.astimezone(selectors.local_zone(mission))
    return f"{date_format(local.date(), 'l, j F Y')}, {local:%H:%M}"


def _number(value: str | None) -> int:
    return int(value) if value and value.isdigit() and len(value) < 4 else 0


def _status(error: ApplicationError) -> int:
    return error.status if error.status in (404, 409, 429) else 400


# --- Worker pages ------------------------------------------------------------------------------------


@worker_page
def home(request: ActorRequest) -> HttpResponse:
    language = request.LANGUAGE_CODE
    missions = [
        (mission, [(s, selectors.service_name(s, language)) for s in mission.services.all()])
        for mission in selectors.missions_published()
    ]
    return render(request, "consular/home.html", {"missions": missions})


def _public(mission_id: Any, code: str) -> tuple[Mission, ConsularService]:
    try:
        mission = selectors.mission_public(mission_id)
        return mission, selectors.service_of(mission, code)
    except NotFound as exc:
        raise Http404 from exc


@worker_page
@require_http_methods(["GET", "POST"])
def book(request: ActorRequest, mission_id: str, service: str) -> HttpResponse:
    """Days with free times, the times of the chosen day, and the booking form under them."""
    mission, chosen = _public(mission_id, service)
    language = request.LANGUAGE_CODE
    days = selectors.days_open(mission=mission, service=chosen)
    try:
        day = dt.date.fromisoformat(request.GET.get("date", ""))
    except ValueError:
        day = days[0] if days else timezone.localdate()
    slots = selectors.slots_open(mission=mission, service=chosen, day=day)
    choices = [(str(s.pk), _time(s, mission)) for s in slots]
    form = BookingForm(
        request.POST or None,
        slots=choices,
        initial={"channel": Channel.NONE, "form_token": form_token_issue()},
    )
    form.fields["slot"].error_messages["invalid_choice"] = _("This time has just been taken. Choose another.")
    context: dict[str, Any] = {
        "mission": mission,
        "service": chosen,
        "text": selectors.text_for(chosen, language),
        "name": selectors.service_name(chosen, language),
        # Each day's label kept on one line (no-break spaces); the list wraps between days on a phone.
        "days": [(d, date_format(d, "D j.m").replace(" ", "\u00a0")) for d in days],
        "day": day,
        "day_label": date_format(day, "l, j F"),
        "form": form,
        "sms": services.sms_configured(),
    }
    if request.method != "POST":
        return render(request, "consular/book.html", context)
    if not form.is_valid():
        return render(request, "consular/book.html", context, status=400)
    data = form.cleaned_data
    if services.sms_configured() and data["phone"] and not data["receipt"] and not data["phone_code"]:
        # Booking by phone alone: first a one-time code by SMS; the page comes back with all typed.
        try:
            services.phone_code_send(phone=data["phone"], language=language)
        except ApplicationError as error:
            errors_to_form(form, error)
            return render(request, "consular/book.html", context, status=_status(error))
        context["code_sent"] = True
        return render(request, "consular/book.html", context)
    try:
        nonce = form_token_check(data["form_token"])
        services.client_write_check(client_fingerprint(request))
        booked = services.booking_create(
            slot_id=data["slot"],
            service_code=chosen.code,
            passport_number=data["passport_number"],
            receipt=data["receipt"],
            phone=data["phone"],
            channel=data["channel"] or Channel.NONE,
            language=language,
            client=client_fingerprint(request),
            form_nonce=nonce,
            phone_code=data["phone_code"],
        )
    except ApplicationError as error:
        errors_to_form(form, error)
        fresh = request.POST.copy()
        fresh["form_token"] = form_token_issue()  # a new token; what was typed stays
        form.data = fresh
        return render(request, "consular/book.html", context, status=_status(error))
    return _booked(request, booked.booking, booked.code, status=201)


def _booked(request: ActorRequest, booking: Booking, code: str, *, status: int = 200) -> HttpResponse:
    mission = booking.mission
    shown = services.code_display(code)
    return render(
        request,
        "consular/booked.html",
        {
            "booking": booking,
            "mission": mission,
            "code": shown,
            "qr": qr_picture(shown),
            "when": _when(booking.slot, mission),
            "name": selectors.service_name(booking.service, request.LANGUAGE_CODE),
            "text": selectors.text_for(booking.service, request.LANGUAGE_CODE),
        },
        status=status,
    )


@worker_page
@require_http_methods(["GET", "POST"])
def manage(request: ActorRequest) -> HttpResponse:
    """Cancel an appointment, or move it to another time, with the code. The code travels only in the
    body of the forms, never in an address."""
    form = CodeForm(request.POST or None)
    context: dict[str, Any] = {"form": form}
    if request.method != "POST":
        return render(request, "consular/manage.html", context)
    if not form.is_valid():
        return render(request, "consular/manage.html", context, status=400)
    code = form.cleaned_data["code"]
    action = request.POST.get("action", "show")
    client = client_fingerprint(request)
    try:
        if action in ("cancel", "move"):
            services.client_write_check(client)
        if action == "cancel":
            booking = services.booking_cancel(code=code, client=client)
            done = _("Your appointment is cancelled.")
            return render(
                request, "consular/manage.html", {"form": CodeForm(), "done": done, "cancelled": booking}
            )
        if action == "move":
            booking = services.booking_reschedule(
                code=code, slot_id=request.POST.get("slot", ""), client=client
            )
            return _booked(request, booking, services.code_normalise(code) or "")
        booking = services.booking_find(code=code, client=client)
    except Throttled as error:
        form.add_error(None, str(error.message))
        response = render(request, "consular/manage.html", context, status=429)
        response["Retry-After"] = str(error.retry_after)
        return response
    except NotFound:
        form.add_error("code", _("No appointment has this code. Check the letters and digits."))
        return render(request, "consular/manage.html", context, status=404)
    except ApplicationError as error:
        errors_to_form(form, error)
        return render(request, "consular/manage.html", context, status=_status(error))
    mission = booking.mission
    later = [
        (
            s,
            f"{date_format(s.starts_at.astimezone(selectors.local_zone(mission)).date(), 'D j M')}, {_time(s, mission)}",
        )
        for d in selectors.days_open(mission=mission, service=booking.service, limit=5)
        for s in selectors.slots_open(mission=mission, service=booking.service, day=d)
        if s.pk != booking.slot_id
    ]
    context.update(
        {
            "booking": booking,
            "when": _when(booking.slot, mission),
            "name": selectors.service_name(booking.service, request.LANGUAGE_CODE),
            "later": later[:40],
        }
    )
    return render(request, "consular/manage.html", context)


@public_view
def hall(request: ActorRequest, mission_id: str) -> HttpResponse:
    """The screen of the hall: large ticket labels and window numbers in Kyrgyz and Russian, renewed
    every ten seconds. Nothing that says who anyone is."""
    try:
        board = selectors.hall_board(mission_id=mission_id)
    except NotFound as exc:
        raise Http404 from exc
    return render(request, "consular/hall.html", {"board": board})


# --- Staff pages -------------------------------------------------------------------------------------


@staff_view(Perm.CONSULAR_DESK)
@require_http_methods(["GET", "POST"])
def desk(request: ActorRequest) -> HttpResponse:
    """The desk and the windows of the member's mission: check in by code and passport, give walk-in
    tickets, call the next ticket to a window, say whether the person came."""
    actor = request.actor
    try:
        mission = selectors.mission_for(actor)
    except NotFound as exc:
        raise Http404 from exc
    check_in = CheckInForm(request.POST if request.POST.get("action") == "check_in" else None)
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "check_in" and check_in.is_valid():
                ticket = services.booking_check_in(
                    actor=actor,
                    code=check_in.cleaned_data["code"],
                    passport_number=check_in.cleaned_data["passport_number"],
                )
                messages.success(request, _("Checked in. Ticket %(label)s.") % {"label": ticket.label})
                return HttpResponseRedirect(reverse("consular_staff:desk"), status=303)
            if action == "walk_in":
                ticket = services.ticket_walk_in(actor=actor, service_code=request.POST.get("service", ""))
                messages.success(request, _("Ticket %(label)s.") % {"label": ticket.label})
            elif action == "call":
                called = services.ticket_call_next(
                    actor=actor, window_number=_number(request.POST.get("window"))
                )
                if called is None:
                    messages.info(request, _("Nobody is waiting."))
                else:
                    messages.success(request, _("Ticket %(label)s is called.") % {"label": called.label})
            elif action in ("served", "no_show"):
                services.ticket_finish(
                    actor=actor, ticket_id=request.POST.get("ticket", ""), served=action == "served"
                )
            elif action == "no_shows":
                count = services.bookings_mark_no_shows(mission=mission)
                messages.info(
                    request,
                    ngettext(
                        "%(count)d booking is marked as not come.",
                        "%(count)d bookings are marked as not come.",
                        count,
                    )
                    % {"count": count},
                )
            if action != "check_in":
                return HttpResponseRedirect(reverse("consular_staff:desk"), status=303)
        except ApplicationError as error:
            if action != "check_in":
                messages.error(request, str(error.message))
                return HttpResponseRedirect(reverse("consular_staff:desk"), status=303)
            errors_to_form(check_in, error)
    day = selectors.hall_day_for(actor=actor)
    return render(
        request,
        "consular/desk.html",
        {
            "mission": mission,
            "day": day,
            "check_in": check_in,
            "services": [
                (s, selectors.service_name(s, request.LANGUAGE_CODE)) for s in mission.services.all()
            ],
        },
        status=400 if check_in.errors else 200,
    )


@staff_view(Perm.CASE_WORK)
@require_http_methods(["GET", "POST"])
def emergency(request: ActorRequest, case_id: str) -> HttpResponse:
    """From an urgent case: choose a mission's service and a time, and book it for the worker ahead of
    the general release. The code is shown once, to be passed on to the worker."""
    actor = request.actor
    try:
        view = case_get_for(actor=actor, case_id=case_id)
    except NotFound as exc:
        raise Http404 from exc
    if not (view.is_holder and view.can_work):
        raise Http404
    language = request.LANGUAGE_CODE
    options = [
        (f"{m.pk}:{s.code}", f"{m.organisation.name} · {selectors.service_name(s, language)}", m, s)
        for m in selectors.missions_published()
        for s in m.services.all()
    ]
    chosen = request.GET.get("service") or request.POST.get("service") or ""
    picked = next(((m, s) for value, _label, m, s in options if value == chosen), None)
    slots = selectors.slots_for_emergency(mission=picked[0], service=picked[1]) if picked else []
    choices = [(str(s.pk), _when(s, picked[0])) for s in slots] if picked else []
    form = EmergencyForm(request.POST or None, slots=choices)
    context: dict[str, Any] = {
        "case": view.case,
        "options": [(value, label) for value, label, _m, _s in options],
        "chosen": chosen,
        "form": form,
        "eligible": services.is_emergency_case(view.case),
        "appointments": [
            (b, _when(b.slot, b.mission)) for b in selectors.active_bookings_of_case(view.case.pk)
        ],
    }
    if request.method == "POST" and form.is_valid():
        try:
            booked = services.booking_emergency_create(
                actor=actor,
                case_id=view.case.pk,
                slot_id=form.cleaned_data["slot"],
                passport_number=form.cleaned_data["passport_number"],
                channel=Channel.TRACKING if form.cleaned_data["remind"] else Channel.NONE,
            )
        except ApplicationError as error:
            errors_to_form(form, error)
            return render(request, "consular/emergency.html", context, status=_status(error))
        code = services.code_display(booked.code)
        context.update(
            {"code": code, "qr": qr_picture(code), "when": _when(booked.booking.slot, booked.booking.mission)}
        )
        context["booked"] = booked.booking
    return render(request, "consular/emergency.html", context, status=400 if form.errors else 200)
