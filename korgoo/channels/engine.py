"""The conversation engine: one state machine for every messenger.

It reads an `Incoming` message, moves the chat's `Conversation` to its next step and says what the
bot answers. Its rules are the web intake's and tracking's own: the report is made by
`intake.services.report_submit` and validated by `cases.services.validate_report`, the receipt is
checked by `intake.services.report_find` (same throttles, same answer for every wrong code), the
worker's messages and additions go through `intake.services.worker_message_send` and
`worker_info_add`, the status and messages come from `cases.selectors.case_worker_view`, the
articles from `knowledge.selectors`. The questions are the report form's own words.

Safety: the receipt is shown once and its message deleted when the worker says they saved it; a
typed receipt is deleted from the chat at once; `/stop` or «стоп» ends the conversation, deletes
the messages the bot knows of and forgets the chat; a chat not linked to a report is forgotten when
its conversation ends.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from korgoo.agencies.choices import Verdict
from korgoo.agencies.selectors import agency_check
from korgoo.cases.choices import Category, EventKind, Status
from korgoo.cases.files import Upload
from korgoo.cases.selectors import case_worker_view
from korgoo.cases.services import NewReport, record_event
from korgoo.core import crypto, receipts
from korgoo.core.choices import GOVERNMENT_KINDS
from korgoo.core.errors import ApplicationError, NotFound, Throttled
from korgoo.directory.selectors import PlaceFilters, place_list
from korgoo.directory.selectors import card as place_card
from korgoo.homecoming import services as homecoming
from korgoo.homecoming.choices import Region
from korgoo.homecoming.selectors import return_of
from korgoo.intake import services as intake
from korgoo.intake.forms import SHAREABLE_KINDS, WORKER_COUNTRIES
from korgoo.knowledge.selectors import article_list, article_page

from . import services
from .choices import Step
from .models import ChannelLink, Conversation
from .providers import adapter_for
from .providers.base import Buttons, Incoming, Outgoing

LANGUAGES = (("ky", "Кыргызча"), ("ru", "Русский"), ("en", "English"))
LANGUAGE_PROMPT = "Тилди тандаңыз · Выберите язык · Choose your language"
STOP_WORDS = frozenset({"/stop", "стоп", "stop", "токто"})
QUIET = {"none": None, "night": (22, 8), "work": (8, 19)}
CHECKED = "✅ "
# Providers that let no bot delete a message in the chat (the worker's or its own).
CANNOT_DELETE = frozenset({"whatsapp"})


@dataclass
class Turn:
    """One message of the worker being answered."""

    provider: str
    conversation: Conversation
    incoming: Incoming

    @property
    def chat_id(self) -> str:
        return self.incoming.chat_id

    def say(self, text: str, buttons: Buttons | None = None) -> None:
        services.outbound_add(
            provider=self.provider,
            out=Outgoing(
                chat_id=self.chat_id, text=text, buttons=buttons or [], language=self.conversation.language
            ),
            conversation=self.conversation,
        )

    def delete(self, message_id: str) -> None:
        if message_id:
            services.outbound_add(
                provider=self.provider,
                out=Outgoing(chat_id=self.chat_id, kind="delete", message_id=message_id, remember=False),
            )

    def step(self, step: str) -> None:
        self.conversation.step = step
        self.conversation.save(update_fields=["step"])

    def draft(self) -> dict[str, Any]:
        return services.conversation_draft(self.conversation)

    def keep(self, draft: dict[str, Any]) -> None:
        services.conversation_draft_set(self.conversation, draft)


def handle(*, provider: str, incoming: Incoming, raw: dict[str, Any]) -> None:
    """Answer one message, button or command of a chat (inside the caller's transaction)."""
    conversation = services.conversation_for(provider=provider, chat_id=incoming.chat_id)
    turn = Turn(provider=provider, conversation=conversation, incoming=incoming)
    if incoming.message_id:
        conversation.message_ids = [*conversation.message_ids, incoming.message_id][-200:]
        conversation.save(update_fields=["message_ids"])
    if incoming.callback_id:
        services.outbound_add(
            provider=provider,
            out=Outgoing(
                chat_id=incoming.chat_id, kind="answer", callback_id=incoming.callback_id, remember=False
            ),
        )
    links = ChannelLink.objects.filter(provider=provider, chat_digest=conversation.chat_digest)
    links.update(last_inbound_at=conversation.last_activity_at)
    if not conversation.language:  # a chat linked to a report keeps the language it chose
        known = links.order_by("-created_at").values_list("language", flat=True).first()
        if known:
            conversation.language = known
            conversation.save(update_fields=["language"])
    text = incoming.text.strip()
    if conversation.step != Step.TRACK_RECEIPT and receipts.normalise(text[:100]) is not None:
        _typed_code_gone(turn)  # a receipt typed anywhere does not stay in the chat
    if text.casefold() in STOP_WORDS or incoming.command == "stop" or incoming.choice == "stop":
        _stop(turn)
        return
    with translation.override(conversation.language or "ky"):
        _dispatch(turn, text)


def _dispatch(turn: Turn, text: str) -> None:
    incoming, conversation = turn.incoming, turn.conversation
    command = incoming.command
    if command == "start" or (not conversation.language and not incoming.choice.startswith("lang:")):
        _ask_language(turn)
        return
    if incoming.choice.startswith("lang:"):
        language = incoming.choice.split(":", 1)[1]
        if language in dict(LANGUAGES):
            conversation.language = language
            conversation.save(update_fields=["language"])
            translation.activate(language)
            _menu(turn, welcome=True)
        return
    commands: dict[str, Callable[[Turn], None]] = {
        "report": _report_start,
        "track": _track_start,
        "help": _help,
        "rights": _rights,
        "language": _ask_language,
        "menu": _menu,
        "places": _places,
        "agency": _agency_start,
    }
    chosen = command or (incoming.choice.split(":", 1)[1] if incoming.choice.startswith("menu:") else "")
    if chosen in commands:
        commands[chosen](turn)
        return
    if incoming.choice.startswith("art:"):
        _article(turn, incoming.choice.split(":", 1)[1])
        return
    if incoming.choice.startswith("places:"):
        _places_in(turn, incoming.choice.split(":", 1)[1])
        return
    handler = STEPS.get(conversation.step)
    if handler is None:
        _menu(turn)
        return
    handler(turn, text)


# --- Menu, language, help, rights ----------------------------------------------------------------


def _ask_language(turn: Turn, *_args: Any) -> None:
    turn.step(Step.LANGUAGE)
    turn.say(LANGUAGE_PROMPT, [[(label, f"lang:{code}")] for code, label in LANGUAGES])


def _menu(turn: Turn, *_args: Any, welcome: bool = False) -> None:
    turn.step(Step.MENU)
    turn.keep({})
    lines = []
    if welcome:
        lines.append(
            _(
                "Korgoo helps migrant workers defend their rights at work. You do not have to give your name. Type /stop or «стоп» at any time to end this conversation and clear it."
            )
        )
    lines.append(_("What would you like to do?"))
    turn.say(
        "\n\n".join(lines),
        [
            [(_("Report a problem"), "menu:report")],
            [(_("Read the answer with my code"), "menu:track")],
            [(_("My rights"), "menu:rights"), (_("Places of help"), "menu:places")],
            [(_("Check a recruitment agency"), "menu:agency"), (_("Help"), "menu:help")],
            [(_("Language"), "menu:language")],
        ],
    )


def _help(turn: Turn, *_args: Any) -> None:
    turn.say(
        _(
            "/report — report a problem\n/track — read the answer with your code, write or add information\n/rights — your rights\n/language — change the language\n/stop or «стоп» — end and clear this conversation\n\nThe same help, with places to turn to, is on the site: %(url)s"
        )
        % {"url": _site_url("knowledge:list")},
        [[(_("Back"), "menu:menu")]],
    )


def _site_url(name: str, *args: Any) -> str:
    return str(settings.KORGOO_PUBLIC_URL or settings.KORGOO_BASE_URL).rstrip("/") + reverse(name, args=args)


def _rights(turn: Turn, *_args: Any) -> None:
    cards = article_list(language=translation.get_language() or "ky")[:8]
    if not cards:
        turn.say(_("There are no articles yet."), [[(_("Back"), "menu:menu")]])
        return
    turn.say(
        _("Choose an article:"),
        [[(card.title[:60], f"art:{card.slug}"[:64])] for card in cards] + [[(_("Back"), "menu:menu")]],
    )


def _article(turn: Turn, slug: str) -> None:
    try:
        page = article_page(slug=slug, language=translation.get_language() or "ky")
    except NotFound:
        _rights(turn)
        return
    turn.say(
        f"{page.card.title}\n\n{page.card.summary}\n\n{_site_url('knowledge:article', slug)}",
        [[(_("Back"), "menu:rights")]],
    )


PLACE_COUNTRIES = ("RU", "KZ", "KG")


def _places(turn: Turn, *_args: Any) -> None:
    """The help directory: the places of help of a country, from the directory app."""
    names: dict[str, Any] = dict(WORKER_COUNTRIES)
    turn.say(
        _("In which country do you need help?"),
        [[(str(names[code]), f"places:{code}")] for code in PLACE_COUNTRIES] + [[(_("Back"), "menu:menu")]],
    )


def _places_in(turn: Turn, country: str) -> None:
    if country not in PLACE_COUNTRIES:
        _places(turn)
        return
    language = translation.get_language() or "ky"
    lines = []
    for place in place_list(filters=PlaceFilters(country=country))[:6]:
        shown = place_card(place, language)
        lines.append(
            "\n".join(
                part
                for part in (shown.name.value, shown.city_name, shown.address, shown.phone, shown.hours)
                if part
            )
        )
    if not lines:
        lines.append(_("No places of help are listed for this country yet."))
    lines.append(_site_url("directory:list") + f"?country={country}")
    turn.say("\n\n".join(lines), [[(_("Back"), "menu:places")]])


def _agency_start(turn: Turn, *_args: Any) -> None:
    turn.step(Step.AGENCY)
    turn.say(_("Write the name of the agency or its permit number, as you heard it."))


def _on_agency(turn: Turn, text: str) -> None:
    """The agency check of the registry of recruitment agencies, as on the site."""
    if not text:
        _agency_start(turn)
        return
    check = agency_check(query=text)
    lines = [str(Verdict(check.verdict).label)]
    if check.agency is not None:
        lines.append(check.agency.name)
        if check.agency.permit_valid_until:
            lines.append(
                _("Permit valid until %(day)s")
                % {"day": check.agency.permit_valid_until.strftime("%d.%m.%Y")}
            )
    for similar in check.similar[:3]:
        lines.append(f"— {similar.name} ({Verdict(similar.verdict).label})")
    lines.append(_site_url("agencies:check"))
    turn.step(Step.MENU)
    turn.say("\n".join(lines), [[(_("Check another agency"), "menu:agency")], [(_("Back"), "menu:menu")]])


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


STEPS: dict[str, Callable[[Turn, str], None]] = {
    Step.LANGUAGE: _ask_language,
    Step.MENU: lambda turn, text: _menu(turn),
    Step.CATEGORIES: _on_categories,
    Step.COUNTRY: _on_country,
    Step.CITY: _on_city,
    Step.STORY: _on_story,
    Step.SHARE: _on_share,
    Step.CONSULATE: _on_consulate,
    Step.CONFIRM: _on_confirm,
    Step.RECEIPT_SHOWN: _on_receipt_shown,
    Step.LINK_OFFER: _on_link_offer,
    Step.QUIET_HOURS: _on_quiet_hours,
    Step.TRACK_RECEIPT: _on_track_receipt,
    Step.TRACKING: _on_tracking,
    Step.TRACK_REPLY: _on_track_reply,
    Step.TRACK_ADD: _on_track_add,
    Step.AGENCY: _on_agency,
    Step.HOME_REGION: _on_home_region,
}
