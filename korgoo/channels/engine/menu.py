"""The menu, the language, help, rights articles, places of help and the agency check."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from korgoo.agencies.choices import Verdict
from korgoo.agencies.selectors import agency_check
from korgoo.core.errors import NotFound
from korgoo.directory.selectors import PlaceFilters, place_list
from korgoo.directory.selectors import card as place_card
from korgoo.intake.forms import WORKER_COUNTRIES
from korgoo.knowledge.selectors import article_list, article_page

from ..choices import Step
from .turn import LANGUAGE_PROMPT, LANGUAGES, Turn

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
