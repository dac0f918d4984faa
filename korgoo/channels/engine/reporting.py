"""Making a report in the chat, step by step, with the report form's own questions; the receipt
shown once; linking the chat to the report; stopping."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from korgoo.cases.choices import Category, EventKind
from korgoo.cases.files import Upload
from korgoo.cases.services import NewReport, record_event
from korgoo.core import crypto, receipts
from korgoo.core.choices import GOVERNMENT_KINDS
from korgoo.core.errors import ApplicationError
from korgoo.intake import services as intake
from korgoo.intake.forms import SHAREABLE_KINDS, WORKER_COUNTRIES

from .. import services
from ..choices import Step
from ..providers import adapter_for
from ..providers.base import Buttons, Outgoing
from .menu import _menu
from .turn import CANNOT_DELETE, CHECKED, QUIET, Turn

# --- Reporting ------------------------------------------------------------------------------------


def _report_start(turn: Turn, *_args: Any) -> None:
    turn.keep({"categories": []})
    _ask_categories(turn, [])


def _ask_categories(turn: Turn, chosen: list[str], problem: str = "") -> None:
    turn.step(Step.CATEGORIES)
    buttons: Buttons = [
        [((CHECKED if value in chosen else "") + str(label), f"cat:{value}")]
        for value, label in Category.choices
    ]
    buttons.append([(_("Next"), "cat:done")])
    text = _("What happened? Choose everything that applies.")
    turn.say(f"{problem}\n\n{text}" if problem else text, buttons)


def _on_categories(turn: Turn, text: str) -> None:
    draft = turn.draft()
    chosen: list[str] = list(draft.get("categories", []))
    choice = turn.incoming.choice
    if choice == "cat:done":
        if not chosen:
            _ask_categories(turn, chosen, _("Choose at least one thing that happened."))
            return
        turn.step(Step.COUNTRY)
        turn.say(
            _("In which country did it happen?"),
            [[(str(label), f"country:{code}")] for code, label in WORKER_COUNTRIES],
        )
        return
    value = choice.split(":", 1)[1] if choice.startswith("cat:") else ""
    if value not in Category.values:
        _ask_categories(turn, chosen, _("Choose one of the answers shown."))
        return
    chosen = [c for c in chosen if c != value] if value in chosen else [*chosen, value]
    draft["categories"] = chosen
    turn.keep(draft)
    _ask_categories(turn, chosen)


def _on_country(turn: Turn, text: str) -> None:
    code = turn.incoming.choice.split(":", 1)[1] if turn.incoming.choice.startswith("country:") else ""
    if code not in dict(WORKER_COUNTRIES):
        turn.say(
            _("Choose the country where it happened."),
            [[(str(label), f"country:{c}")] for c, label in WORKER_COUNTRIES],
        )
        return
    draft = turn.draft()
    draft["country"] = code
    turn.keep(draft)
    turn.step(Step.CITY)
    turn.say(_("In which city or town?"))


def _on_city(turn: Turn, text: str) -> None:
    if not text or len(text) > 100 or turn.incoming.choice:
        turn.say(_("Write the city (up to 100 letters)."))
        return
    draft = turn.draft()
    draft["city"] = text
    turn.keep(draft)
    turn.step(Step.STORY)
    turn.say(_("Tell us what happened, in your own words"))


def _keep_media(turn: Turn, draft: dict[str, Any]) -> bool:
    """Photos and documents sent with the story: their provider ids wait in the draft, and the files
    are fetched only when the report is sent (then cleaned and checked like web uploads)."""
    if not turn.incoming.media:
        return False
    refs = [*draft.get("media", []), *(m.ref for m in turn.incoming.media if m.ref)]
    draft["media"] = refs[: settings.KORGOO_UPLOAD_MAX_FILES]
    return True


def _fetch(turn: Turn, refs: list[str]) -> list[Upload]:
    adapter = adapter_for(turn.provider)
    uploads = []
    for number, ref in enumerate(refs, start=1):
        data, _type = adapter.fetch_media(ref)
        uploads.append(Upload(name=f"{turn.provider}-{number}", data=data))
    return uploads


def _on_story(turn: Turn, text: str) -> None:
    if _keep_media(turn, draft := turn.draft()):
        turn.keep(draft)
        if not text:
            turn.say(_("The file was received. Write what happened, or send more photos or documents."))
            return
    if not text:
        turn.say(_("Please describe what happened."))
        return
    if len(text) > 10_000:
        turn.say(_("The text is too long (up to 10,000 letters)."))
        return
    draft = turn.draft()
    draft["description"] = (draft.get("description", "") + "\n\n" + text).strip()
    draft["share_with"] = []
    turn.keep(draft)
    _ask_share(turn, [])


def _ask_share(turn: Turn, chosen: list[str], problem: str = "") -> None:
    turn.step(Step.SHARE)
    buttons: Buttons = [
        [((CHECKED if kind in chosen else "") + str(label), f"share:{kind}")]
        for kind, label in SHAREABLE_KINDS
    ]
    buttons.append([(_("Next"), "share:done")])
    text = _("Which organisations may see your report?")
    turn.say(f"{problem}\n\n{text}" if problem else text, buttons)


def _on_share(turn: Turn, text: str) -> None:
    draft = turn.draft()
    chosen: list[str] = list(draft.get("share_with", []))
    choice = turn.incoming.choice
    if not choice.startswith("share:") and (text or turn.incoming.media):  # more of the story
        _keep_media(turn, draft)
        if text:
            draft["description"] = (draft.get("description", "") + "\n\n" + text).strip()[:10_000]
        turn.keep(draft)
        _ask_share(turn, chosen)
        return
    if choice == "share:done":
        if not chosen:
            _ask_share(turn, chosen, _("Choose at least one kind of organisation that may see your report."))
            return
        turn.step(Step.CONSULATE)
        turn.say(
            _("May the Embassy or Consulate of the Kyrgyz Republic see your report?"),
            [[(_("Yes"), "consul:yes"), (_("No"), "consul:no")]],
        )
        return
    kind = choice.split(":", 1)[1] if choice.startswith("share:") else ""
    if kind not in dict(SHAREABLE_KINDS):
        _ask_share(turn, chosen, _("Choose one of the answers shown."))
        return
    chosen = [k for k in chosen if k != kind] if kind in chosen else [*chosen, kind]
    draft["share_with"] = chosen
    turn.keep(draft)
    _ask_share(turn, chosen)


def _on_consulate(turn: Turn, text: str) -> None:
    if turn.incoming.choice not in ("consul:yes", "consul:no"):
        turn.say(
            _("Answer whether the Embassy or Consulate may see your report."),
            [[(_("Yes"), "consul:yes"), (_("No"), "consul:no")]],
        )
        return
    draft = turn.draft()
    draft["consulate"] = turn.incoming.choice == "consul:yes"
    turn.keep(draft)
    turn.step(Step.CONFIRM)
    turn.say(
        _("Send your report? Nothing is sent before you press the button."),
        [[(_("Send"), "send:yes"), (_("Cancel"), "send:no")]],
    )


def _on_confirm(turn: Turn, text: str) -> None:
    choice = turn.incoming.choice
    if choice == "send:no":
        _menu(turn)
        return
    if choice != "send:yes":
        turn.say(
            _("Send your report? Nothing is sent before you press the button."),
            [[(_("Send"), "send:yes"), (_("Cancel"), "send:no")]],
        )
        return
    draft = turn.draft()
    kinds = list(draft.get("share_with", []))
    if draft.get("consulate"):
        kinds += sorted(GOVERNMENT_KINDS)
    new = NewReport(
        language=turn.conversation.language or "ky",
        country=str(draft.get("country", "")),
        city=str(draft.get("city", "")),
        categories=list(draft.get("categories", [])),
        description=str(draft.get("description", "")),
        share_with=kinds,
    )
    chat_key = crypto.keyed_digest(crypto.purpose_key("channels-client"), turn.conversation.chat_digest)
    try:
        submitted = intake.report_submit(
            new=new,
            files=_fetch(turn, list(draft.get("media", []))),
            idempotency_key=f"channel:{turn.conversation.pk}:{turn.incoming.key}",
            client=chat_key[:32],
        )
    except ApplicationError as error:
        details = [str(m) for messages in error.fields.values() for m in messages] or [str(error.message)]
        turn.say("\n".join(details), [[(_("Send"), "send:yes"), (_("Cancel"), "send:no")]])
        return
    case = submitted.report.case
    record_event(
        case, EventKind.CHANNEL_RECEIVED, organisation=case.organisation, data={"provider": turn.provider}
    )
    turn.keep({})
    turn.conversation.report = submitted.report
    turn.conversation.save(update_fields=["report"])
    turn.step(Step.RECEIPT_SHOWN)
    if turn.provider == "whatsapp":  # WhatsApp lets no business delete its own message
        shown = _(
            "Your report was sent. Your code:\n\n%(receipt)s\n\nWrite it down on paper or remember it: only with this code can you read the answer. Then delete this message yourself: WhatsApp does not let us delete it."
        )
    else:
        shown = _(
            "Your report was sent. Your code:\n\n%(receipt)s\n\nWrite it down on paper or remember it: only with this code can you read the answer. When you have saved it, press the button and this message will be deleted from the chat."
        )
    turn.say(
        shown % {"receipt": receipts.display(submitted.receipt)},
        [[(_("I saved the code"), "saved")]],
    )


def _on_receipt_shown(turn: Turn, text: str) -> None:
    if turn.incoming.choice != "saved":
        turn.say(_("Press the button when you have saved the code."))
        return
    turn.delete(turn.incoming.choice_message_id)
    _offer_link(turn)


def _offer_link(turn: Turn) -> None:
    turn.step(Step.LINK_OFFER)
    turn.say(
        _(
            "Shall the organisation's answers come to this chat? They will be signed with its name. If you say no, this chat forgets your report now."
        ),
        [[(_("Yes, send answers here"), "link:yes")], [(_("No"), "link:no")]],
    )


def _on_link_offer(turn: Turn, text: str) -> None:
    if turn.incoming.choice == "link:yes":
        turn.step(Step.QUIET_HOURS)
        turn.say(
            _("When may we write to you? Messages that come in the hours you exclude wait until they end."),
            [
                [(_("At any time"), "quiet:none")],
                [(_("Not at night (22:00–08:00)"), "quiet:night")],
                [(_("Not during work (08:00–19:00)"), "quiet:work")],
            ],
        )
        return
    if turn.incoming.choice == "link:no":
        _finish(
            turn,
            _("Done. This chat has forgotten your report. To read the answer, type /track and your code."),
        )
        return
    _offer_link(turn)


def _on_quiet_hours(turn: Turn, text: str) -> None:
    choice = turn.incoming.choice.split(":", 1)[1] if turn.incoming.choice.startswith("quiet:") else ""
    report = turn.conversation.report
    if choice not in QUIET or report is None:
        _menu(turn)
        return
    services.channel_link_create(
        case=report.case,
        provider=turn.provider,
        chat_id=turn.chat_id,
        language=turn.conversation.language or "ky",
        quiet=QUIET[choice],
    )
    _finish(
        turn,
        _(
            "This chat is linked to your report: the organisation's answers will come here. To remove the link, type /track and choose “Unlink this chat”, or do it on the tracking page."
        ),
    )


def _finish(turn: Turn, text: str) -> None:
    """End the conversation: say the last word and forget the chat's step, draft and report."""
    turn.say(text)
    services.conversation_end(conversation=turn.conversation)


def _stop(turn: Turn) -> None:
    """/stop or «стоп»: delete every message of this conversation the bot knows of, and forget it."""
    for message_id in turn.conversation.message_ids:
        turn.delete(message_id)
    with translation.override(turn.conversation.language or "ky"):
        if turn.provider in CANNOT_DELETE:
            text = _(
                "The conversation has ended and we have forgotten it. WhatsApp does not let us delete messages: to clear the chat, delete it yourself. Type /start to begin again."
            )
        else:
            text = _("The conversation has ended and was cleared. Type /start to begin again.")
    services.outbound_add(
        provider=turn.provider, out=Outgoing(chat_id=turn.chat_id, text=text, remember=False)
    )
    services.conversation_end(conversation=turn.conversation)
