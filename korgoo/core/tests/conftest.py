"""Fixtures of the core tests: the WSGI application itself, for clients that speak WSGI (an API
fuzzer, a generated API client over httpx)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections


@pytest.fixture
def in_process_app() -> Iterator[WSGIHandler]:
    """The WSGI application, inside the test's transaction: like Django's test client, it must not
    close the database connection at the start or the end of a request."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield WSGIHandler()
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)
