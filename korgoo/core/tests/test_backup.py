"""Backup and point-in-time restore drill on a throwaway PostgreSQL cluster (SECURITY.md 35)."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

from korgoo.core import backup

pytestmark = pytest.mark.postgres_only
BIN = (
    sorted(Path("/usr/lib/postgresql").glob("*/bin"))[-1]
    if Path("/usr/lib/postgresql").exists()
    else Path("/nonexistent")
)
OWNER = "postgres" if os.geteuid() == 0 else None
MARKER = "KORGOO-PITR-MARKER"


def as_owner(*cmd: str) -> list[str]:
    return ["runuser", "-u", OWNER, "--", *cmd] if OWNER else list(cmd)


def psql(port: int, socket: Path, sql: str) -> str:
    return subprocess.run(
        as_owner("psql", "-h", str(socket), "-p", str(port), "-U", "korgoo", "-d", "postgres", "-Atc", sql),
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()


def start(data: Path, port: int, socket: Path) -> None:
    subprocess.run(
        as_owner(
            str(BIN / "pg_ctl"),
            "-D",
            str(data),
            "-l",
            str(data.parent / f"log-{port}"),
            "-w",
            "-t",
            "120",
            "-o",
            f"-p {port} -k {socket} -c listen_addresses=''",
            "start",
        ),
        check=True,
        capture_output=True,
    )


def stop(data: Path) -> None:
    subprocess.run(
        as_owner(str(BIN / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"),
        check=False,
        capture_output=True,
    )


def test_point_in_time_restore_recovers_exactly_the_rows_before_the_target() -> None:
    # Not pytest's tmp_path: the cluster's owner must reach the directory.
    work = Path(tempfile.mkdtemp(prefix="korgoo-drill."))
    os.chmod(work, 0o755)
    try:
        _drill(work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _drill(work: Path) -> None:
    if OWNER:
        subprocess.run(["chown", "-R", OWNER, str(work)], check=True)
    data, socket, repo = work / "data", work / "sock", work / "repo"
    for directory in (socket, repo):
        subprocess.run(as_owner("mkdir", "-p", str(directory)), check=True)
    subprocess.run(
        as_owner(str(BIN / "initdb"), "-D", str(data), "-U", "korgoo", "--auth=trust", "-E", "UTF8"),
        check=True,
        capture_output=True,
    )
    port = 57000 + os.getpid() % 1000
    config = backup.BackupConfig(
        repo=repo,
        pg_data=data,
        pg_port=port,
        pg_socket=socket,
        cipher_pass="drill-passphrase-0123456789",
        config_path=work / "pgbackrest.conf",
        os_user=OWNER,
        pg_user="korgoo",
    )
    config.write()
    with (data / "postgresql.auto.conf").open("a") as conf:
        conf.write(
            f"archive_mode = on\narchive_command = '{backup.archive_command(config)}'\narchive_timeout = 60\nwal_level = replica\n"
        )
    start(data, port, socket)
    restored = work / "restored"
    try:
        config.run("stanza-create")
        backup.backup(config, kind="full")
        psql(
            port,
            socket,
            f"CREATE TABLE drill (n int, note text); INSERT INTO drill SELECT g, '{MARKER}' FROM generate_series(1, 100) g",
        )
        time.sleep(1.1)
        target = psql(port, socket, "SELECT now()")
        time.sleep(1.1)
        psql(port, socket, "INSERT INTO drill SELECT g, 'after' FROM generate_series(101, 200) g")
        psql(port, socket, "SELECT pg_switch_wal()")
        config.run("check")  # waits until the current segment is archived
    finally:
        stop(data)
    subprocess.run(as_owner("mkdir", "-p", str(restored)), check=True)
    os.chmod(restored, 0o700) if not OWNER else subprocess.run(
        as_owner("chmod", "700", str(restored)), check=True
    )
    backup.restore(config, target_time=target, into=restored)
    start(restored, port + 1, socket)
    try:
        deadline = time.monotonic() + 60
        while psql(port + 1, socket, "SELECT pg_is_in_recovery()") == "t" and time.monotonic() < deadline:
            time.sleep(0.2)
        assert psql(port + 1, socket, "SELECT count(*), min(n), max(n) FROM drill") == "100|1|100"
    finally:
        stop(restored)
    # The repository holds only ciphertext.
    files = [p for p in repo.rglob("*") if p.is_file()]
    assert files
    for path in files:
        with path.open("rb") as handle:  # the test runs as root or as the cluster's owner
            assert handle.read(8) == b"Salted__", path
