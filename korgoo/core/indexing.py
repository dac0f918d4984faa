"""How the search index hears that help content changed.

The search app sits above the directory, the knowledge base and the agency registry, so those apps
cannot call it. Instead, each service that changes searchable content calls `content_changed` with
what changed, inside its own transaction; the search app registers itself as a listener when Django
starts (`SearchConfig.ready`). The index is therefore kept by the writes themselves, never rebuilt on
a reader's request. The hook is plumbing every help app shares, so it lives in `core`.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from enum import StrEnum


class ContentKind(StrEnum):
    ARTICLE = "article"  # keys: article slugs
    PLACE = "place"  # keys: place keys
    AGENCY = "agency"  # keys: agency ids
    SERVICE = "service"  # keys: service codes (their names appear in places)
    CITY = "city"  # keys: city slugs (their names appear in places)


Listener = Callable[[ContentKind, list[str]], None]

_listeners: list[Listener] = []


class _Suspension(threading.local):
    depth = 0


_state = _Suspension()


def listen(listener: Listener) -> None:
    """Register a listener once (registering the same function again changes nothing)."""
    if listener not in _listeners:
        _listeners.append(listener)


def content_changed(*, kind: ContentKind, keys: Iterable[str]) -> None:
    """Tell every listener which objects of `kind` were created, changed or removed."""
    changed = sorted({str(key) for key in keys})
    if not changed or _state.depth:
        return
    for listener in list(_listeners):
        listener(kind, changed)


@contextmanager
def suspended() -> Iterator[None]:
    """Within this block (in this thread) nobody is told of changes: for bulk loads that rebuild the
    search index once at the end (`korgoo.search.services.search_index_rebuild`)."""
    _state.depth += 1
    try:
        yield
    finally:
        _state.depth -= 1
