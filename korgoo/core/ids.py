"""Public identifiers: UUIDs in URLs and request bodies."""

from __future__ import annotations

import uuid
from typing import Any

from .errors import NotFound


def parse_id(value: Any) -> uuid.UUID:
    """A UUID from a URL or request body, or NotFound: a malformed id is just another unknown id."""
    try:
        return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
    except (ValueError, TypeError, AttributeError) as exc:
        raise NotFound() from exc
