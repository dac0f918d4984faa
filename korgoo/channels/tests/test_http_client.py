"""The providers' calls share one HTTP client per process: its TLS context is built once and its
connections stay open between messages, and a process forked after the first call makes its own."""

from __future__ import annotations

import os

import pytest

from korgoo.channels.providers import base


def test_one_client_per_process_and_a_new_one_after_a_fork(monkeypatch: pytest.MonkeyPatch) -> None:
    first = base.http()
    assert base.http() is first
    monkeypatch.setattr(os, "getpid", lambda: -1)  # as in a web worker forked after the first call
    forked = base.http()
    assert forked is not first
    assert base.http() is forked
