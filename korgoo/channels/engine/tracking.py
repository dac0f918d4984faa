"""Following a report with its receipt: the status, the messages, replying and adding information."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from korgoo.cases.choices import Status
from korgoo.cases.selectors import case_worker_view
from korgoo.core import crypto, receipts
from korgoo.core.errors import ApplicationError, NotFound, Throttled
from korgoo.homecoming import services as homecoming
from korgoo.homecoming.choices import Region
from korgoo.homecoming.selectors import return_of
from korgoo.intake import services as intake

from .. import services
from ..choices import Step
from ..models import ChannelLink
from ..providers.base import Buttons
from .reporting import _fetch, _offer_link
from .turn import CANNOT_DELETE, Turn

# --- Tracking -------------------------------------------------------------------------------------


def _track_start(turn: Turn, *_args: Any) -> None:
    turn.step(Step.TRACK_RECEIPT)
    turn.conversation.report = None
    turn.conversation.save(update_fields=["report"])
    turn.say(_("Write your code: the digits you wrote down."))


def _typed_code_gone(turn: Turn) -> None:
    """Delete the worker's message with a code; where the provider cannot, ask the worker to."""
    turn.delete(turn.incoming.message_id)
    if turn.provider in CANNOT_DELETE:
        with translation.override(turn.conversation.language or "ky"):
            turn.say(_("Delete your message with the code yourself: WhatsApp does not let us delete it."))


def _on_track_receipt(turn: Turn, text: str) -> None:
    # The code the worker typed does not stay in the chat, whatever it opens.
    if receipts.normalise(text[:100]) is None:
        turn.delete(turn.incoming.message_id)  # no code in it: nothing to ask of the worker
    else:
        _typed_code_gone(turn)
    chat_key = crypto.keyed_digest(crypto.purpose_key("channels-client"), turn.conversation.chat_digest)
    try:
        found = intake.report_find(raw_receipt=text, client=chat_key[:32])
    except Throttled:
        turn.say(_("Too many wrong codes. Wait a few minutes and try again."))
        return
    except NotFound:
        turn.say(_("We could not open a report with this code. Check the digits and try again."))
        return
    turn.conversation.report = found
    turn.conversation.save(update_fields=["report"])
    _show_case(turn)


def _show_case(turn: Turn) -> None:
    report = turn.conversation.report
    if report is None:
        _track_start(turn)
        return
    turn.step(Step.TRACKING)
    view = case_worker_view(case=report.case)
    lines = [_("Status: %(status)s") % {"status": Status(view.status).label}]
    answers = [m for m in view.messages if m.sender != "worker"][-3:]
    for message in answers:
        lines.append(
            _("%(text)s\n\n— %(organisation)s")
            % {"text": message.body, "organisation": message.organisation_name}
        )
    if not answers:
        lines.append(_("No answer yet."))
    linked = ChannelLink.objects.filter(
        case=report.case, provider=turn.provider, chat_digest=turn.conversation.chat_digest
    ).exists()
    buttons: Buttons = []
    if view.may_write:
        buttons.append([(_("Write a message"), "track:reply"), (_("Add information"), "track:add")])
    buttons.append(
        [(_("Unlink this chat"), "track:unlink")]
        if linked
        else [(_("Send answers to this chat"), "track:link")]
    )
    if linked:
        alerts = ChannelLink.objects.filter(
            case=report.case,
            provider=turn.provider,
            chat_digest=turn.conversation.chat_digest,
            alerts_since__isnull=False,
        ).exists()
        buttons.append(
            [(_("Stop the alerts for my city"), "track:alerts_off")]
            if alerts
            else [(_("Send me alerts for my city"), "track:alerts_on")]
        )
    if view.is_open and not view.withdrawn_at and return_of(case=report.case) is None:
        buttons.append([(_("I have returned home"), "track:home")])
    buttons.append([(_("End and clear the conversation"), "stop")])
    turn.say("\n\n".join(lines), buttons)


def _on_tracking(turn: Turn, text: str) -> None:
    report = turn.conversation.report
    choice = turn.incoming.choice
    if report is None:
        _track_start(turn)
        return
    if choice == "track:reply":
        turn.step(Step.TRACK_REPLY)
        turn.say(_("Write your message."))
    elif choice == "track:add":
        turn.step(Step.TRACK_ADD)
        turn.say(_("What do you want to add?"))
    elif choice == "track:unlink":
        services.channel_link_remove(case=report.case, provider=turn.provider, chat_id=turn.chat_id)
        turn.say(_("This chat is no longer linked to your report."))
        _show_case(turn)
    elif choice == "track:link":
        _offer_link(turn)
    elif choice in ("track:alerts_on", "track:alerts_off"):
        on = choice == "track:alerts_on"
        services.channel_alerts_set(case=report.case, on=on, provider=turn.provider, chat_id=turn.chat_id)
        turn.say(
            _("You will receive the network's alerts for your city in this chat.")
            if on
            else _("You will no longer receive the network's alerts in this chat.")
        )
        _show_case(turn)
    elif choice == "track:home":
        turn.step(Step.HOME_REGION)
        turn.say(
            _("Where are you now?"),
            [[(str(label), f"region:{code}")] for code, label in Region.choices],
        )
    else:
        _show_case(turn)


def _on_track_reply(turn: Turn, text: str) -> None:
    report = turn.conversation.report
    if report is None or not text:
        _show_case(turn)
        return
    try:
        intake.worker_message_send(report=report, body=text)
    except ApplicationError as error:
        turn.say(str(error.message))
        return
    turn.say(_("Your message was sent."))
    _show_case(turn)


def _on_track_add(turn: Turn, text: str) -> None:
    report = turn.conversation.report
    if report is None or not (text or turn.incoming.media):
        _show_case(turn)
        return
    refs = [m.ref for m in turn.incoming.media if m.ref][: settings.KORGOO_UPLOAD_MAX_FILES]
    try:
        intake.worker_info_add(report=report, text=text, files=_fetch(turn, refs))
    except ApplicationError as error:
        turn.say(str(error.message))
        return
    turn.say(_("Your information was added to the report."))
    _show_case(turn)


def _on_home_region(turn: Turn, text: str) -> None:
    """The worker says they are home, in a region of Kyrgyzstan: the same service as the web page."""
    report = turn.conversation.report
    choice = turn.incoming.choice
    if report is None or not choice.startswith("region:"):
        _show_case(turn)
        return
    try:
        homecoming.return_record_by_worker(report=report, region=choice.split(":", 1)[1])
    except ApplicationError as error:
        turn.say(str(error.message))
        _show_case(turn)
        return
    turn.say(
        _(
            "Welcome home. Your report goes on. To choose an organisation at home that can continue it, open your report on the site with your code."
        )
    )
    _show_case(turn)
