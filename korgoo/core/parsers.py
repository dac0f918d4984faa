"""The API's JSON parser: a body nested deeper than any request of this API could be is refused as
unreadable (400 `parse_error`), before Python's recursion limit turns it into a 500. The body's size
is bounded by `DATA_UPLOAD_MAX_MEMORY_SIZE`, read before parsing (see `korgoo.core.api`)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

# The deepest request body of the API has three levels; anything beyond this is not a request.
MAX_DEPTH = 32


def too_deep(value: Any, limit: int = MAX_DEPTH) -> bool:
    """Whether a parsed JSON value nests lists and objects more than `limit` levels (no recursion)."""
    level = [value]
    for _depth in range(limit):
        level = [
            inner
            for item in level
            for inner in (item.values() if isinstance(item, dict) else item if isinstance(item, list) else ())
            if isinstance(inner, (dict, list))
        ]
        if not level:
            return False
    return True


class JsonParser(JSONParser):
    def parse(
        self, stream: Any, media_type: str | None = None, parser_context: Mapping[str, Any] | None = None
    ) -> Any:
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError as exc:
            raise ParseError(_("The body is not valid JSON.")) from exc
        if too_deep(data):
            raise ParseError(_("The body is not valid JSON."))
        return data
