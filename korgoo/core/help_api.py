"""What every public help endpoint shares (directory, articles, agency check, search): the `lang`
parameter and how it picks the language, no token, and one rate limit counted for all of them."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request

from .api import ApiView
from .api_input import QueryInput
from .i18n import HELP_LANGUAGES, normal_language
from .throttle import PerClientThrottle


class HelpApiThrottle(PerClientThrottle):
    """At most KORGOO_HELP_API_PER_MINUTE requests a minute per client (120 unless set in the
    environment), the four help APIs counted together."""

    scope = "help-api"
    setting = "KORGOO_HELP_API_PER_MINUTE"


class HelpQuery(QueryInput):
    """The query string of every help endpoint: `lang`, and the endpoint's own parameters."""

    lang = serializers.ChoiceField(
        choices=HELP_LANGUAGES,
        required=False,
        help_text="Language of names and texts (default: Accept-Language, then ky).",
    )


def api_language(request: Request, params: dict[str, Any]) -> str:
    """The language asked with `lang`, else the request's language (from Accept-Language)."""
    return normal_language(params.get("lang") or getattr(request, "LANGUAGE_CODE", "ky"))


class HelpApi(ApiView):
    """A public, read-only help endpoint: no token (one sent is ignored), one shared rate limit."""

    authentication_classes: list[Any] = []
    permission_classes = [AllowAny]
    throttle_classes = [HelpApiThrottle]
    query_input: type[QueryInput] | None = HelpQuery
