"""`korgoo demo` as a newcomer starts it: a fresh database every time, every demo user named on the
login page, and nothing left running after Ctrl-C or SIGTERM."""

from __future__ import annotations

import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.demo


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _descendants(pid: int) -> set[int]:
    """Every process below `pid`, read from /proc."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found: set[int] = set()
    todo = [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _start_demo(tmp_path: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")
    }
    demo = subprocess.Popen(
        [sys.executable, "-m", "korgoo", "demo", "--port", str(port), "--data-dir", str(tmp_path)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    # Migrating and building the demo world take some twenty CPU seconds; a busy machine gives less.
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(base + "/readyz", timeout=2)
            return demo, base
        except OSError:
            assert demo.poll() is None, "the demo stopped before it served"
            time.sleep(0.3)
    demo.kill()
    raise AssertionError("the demo did not serve within five minutes")


def test_the_demo_names_every_user_and_leaves_nothing_running_when_stopped(tmp_path: Path) -> None:
    """Stopped with SIGTERM, as a service manager or `kill` stops it (Ctrl-C takes the same path)."""
    database = tmp_path / "korgoo.sqlite3"
    database.write_bytes(b"what a previous visitor left: not even a database")
    demo, base = _start_demo(tmp_path)  # each start begins with a fresh demo database
    try:
        page = urllib.request.urlopen(base + "/ru/accounts/login/", timeout=10).read().decode()
        with sqlite3.connect(database) as db:
            usernames = [row[0] for row in db.execute("SELECT username FROM accounts_user WHERE is_active")]
        assert len(usernames) >= 8
        for username in usernames:
            assert f"<code>{username}</code>" in page
        started = _descendants(demo.pid)
        assert len(started) >= 3  # the outbox drain, gunicorn and its workers
    finally:
        demo.send_signal(signal.SIGTERM)
        demo.wait(timeout=60)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and any(_alive(pid) for pid in started):
        time.sleep(0.2)
    assert not [pid for pid in started if _alive(pid)]
