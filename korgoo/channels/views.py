"""Webhooks of the providers, the demo's simulated chat, the worker's linked chats and channel health.

A webhook checks the provider's secret or signature before it reads anything (anything else: 403,
nothing stored), keeps the update sealed and answers at once; the conversation runs afterwards in
the outbox drain (`korgoo.channels.services`).
"""

from __future__ import annotations

import hmac
import json
import secrets
from typing import Any

from django.conf import settings
from django.http import Http404, HttpResponse, HttpResponseForbidden, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from korgoo.core.access import public_view
from korgoo.core.actor import ActorRequest
from korgoo.core.outbox import outbox_drain
from korgoo.intake.sessions import session_report, worker_page
from korgoo.organisations.permissions import Perm, staff_view

from . import selectors, services
from .models import SimulatedMessage
from .providers import telegram, whatsapp
from .providers.simulator import SimulatorAdapter, simulated_chat


def _json(request: ActorRequest) -> dict[str, Any] | None:
    try:
        value = json.loads(request.body or b"{}")
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


@csrf_exempt
@require_http_methods(["POST"])
@public_view
def telegram_webhook(request: ActorRequest) -> HttpResponse:
    """The Bot API posts updates here with the secret given to `setWebhook` in a header."""
    secret = settings.KORGOO_TELEGRAM_WEBHOOK_SECRET
    given = request.headers.get("X-Telegram-Bot-Api-Secret-Token", "")
    if not (
        secret and settings.KORGOO_TELEGRAM_BOT_TOKEN and hmac.compare_digest(given.encode(), secret.encode())
    ):
        return HttpResponseForbidden()
    update = _json(request)
    if update is None:
        return HttpResponse(status=400)
    incoming = telegram.parse(update)
    if incoming is not None:
        services.inbound_accept(provider=telegram.NAME, incoming=incoming, raw=update)
    return HttpResponse(status=200)


@csrf_exempt
@require_http_methods(["GET", "POST"])
@public_view
def whatsapp_webhook(request: ActorRequest) -> HttpResponse:
    """GET: Meta's verification handshake. POST: messages, signed with the app secret."""
    if request.method == "GET":
        token = settings.KORGOO_WHATSAPP_VERIFY_TOKEN
        given = request.GET.get("hub.verify_token", "")
        if (
            request.GET.get("hub.mode") == "subscribe"
            and token
            and hmac.compare_digest(given.encode(), token.encode())
        ):
            return HttpResponse(request.GET.get("hub.challenge", "")[:100], content_type="text/plain")
        return HttpResponseForbidden()
    if not whatsapp.signature_valid(request.body, request.headers.get("X-Hub-Signature-256", "")):
        return HttpResponseForbidden()
    body = _json(request)
    if body is None:
        return HttpResponse(status=400)
    for raw in whatsapp.split(body):
        incoming = whatsapp.parse(raw)
        if incoming is not None:
            services.inbound_accept(provider=whatsapp.NAME, incoming=incoming, raw=raw)
    return HttpResponse(status=200)


# --- The demo's simulated chat ----------------------------------------------------------------------


def simulation_enabled() -> bool:
    """The simulation runs where no bot is connected (the demo, a newcomer's machine)."""
    return not settings.KORGOO_TELEGRAM_BOT_TOKEN


@require_http_methods(["GET", "POST"])
@worker_page
def simulator(request: ActorRequest) -> HttpResponse:
    """A page that imitates a Telegram chat, labelled as a simulation, driving the same conversation
    engine through the simulated provider. The chat is named by a random id in the page itself (no
    cookie); each message is handled at once, as the drain would."""
    if not simulation_enabled():
        raise Http404
    chat = request.POST.get("chat") or request.GET.get("chat") or ""
    if not (chat.isalnum() and 16 <= len(chat) <= 64):
        chat = secrets.token_hex(16)
    if request.method == "POST":
        text = (request.POST.get("text") or "").strip()[:10_000]
        choice = (request.POST.get("choice") or "")[:64]
        message = ""
        if text:
            row = SimulatedMessage.objects.create(
                chat_digest=services.chat_digest("simulator", chat),
                sealed_content=b"",
                from_worker=True,
                created_at=timezone.now(),
            )
            row.sealed_content = services.seal_json({"text": text, "buttons": []}, f"simulated:{row.pk}")
            row.save(update_fields=["sealed_content"])
            message = str(row.pk)
        if text or choice:
            raw = {
                "chat": chat,
                "key": secrets.token_hex(8),
                "text": text,
                "choice": choice,
                "message": request.POST.get("message", ""),
                "own": message,
            }

            incoming = SimulatorAdapter().parse(raw)
            if incoming is not None:
                services.inbound_accept(provider="simulator", incoming=incoming, raw=raw)
                outbox_drain(limit=200)
        return HttpResponseRedirect(reverse("channels:simulator") + f"?chat={chat}#end", status=303)
    return render(request, "channels/simulator.html", {"chat": chat, "lines": simulated_chat(chat)})


# --- The worker's linked chats (from the tracking page) ---------------------------------------------


@require_http_methods(["GET", "POST"])
@worker_page
def case_chats(request: ActorRequest) -> HttpResponse:
    """The chats linked to the report opened with the receipt; the worker removes them here."""
    report = session_report(request)
    if report is None:
        return HttpResponseRedirect(reverse("intake:track"), status=303)
    context: dict[str, Any] = {"sms_enabled": bool(settings.KORGOO_SMS_GATEWAY_URL), "phone": ""}
    if request.method == "POST":
        if "alerts" in request.POST:  # the network's alerts for the city of the report, on or off
            services.channel_alerts_set(case=report.case, on=request.POST.get("alerts") == "on")
            return HttpResponseRedirect(reverse("channels:case_chats"), status=303)
        if "phone" not in request.POST:
            services.channel_link_remove(case=report.case)
            return HttpResponseRedirect(reverse("channels:case_chats"), status=303)
        typed = (request.POST.get("phone") or "")[:40]
        phone = services.phone_normalise(typed)
        if phone is None or not context["sms_enabled"]:
            context.update(
                phone=typed,
                error=_("Write the phone number with its country code, for example +996 555 123 456."),
            )
            context["links"] = selectors.links_of_case(case=report.case)
            return render(request, "channels/worker_links.html", context, status=400)
        services.channel_link_create(
            case=report.case, provider="sms", chat_id=phone, language=request.LANGUAGE_CODE, quiet=(21, 9)
        )
        return HttpResponseRedirect(reverse("channels:case_chats"), status=303)
    context["links"] = selectors.links_of_case(case=report.case)
    return render(request, "channels/worker_links.html", context)


# --- Staff: channel health ---------------------------------------------------------------------------


@require_http_methods(["GET"])
@staff_view(Perm.QUEUE_VIEW)
def health(request: ActorRequest) -> HttpResponse:
    """Coordinators see, per provider, what waits, what failed and when the last delivery was."""
    return render(request, "channels/health.html", {"rows": selectors.channel_health(actor=request.actor)})
