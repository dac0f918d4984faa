"""Backups: continuous WAL archiving and base backups with pgBackRest, encrypted, with point-in-time
restore (SECURITY.md requirement 35).

Korgoo writes pgBackRest's configuration from its own settings and runs it; the repository is
encrypted (aes-256-cbc with a passphrase from KORGOO_BACKUP_CIPHER_PASS, kept outside the database
and outside the repository). PostgreSQL pushes every finished WAL segment with `archive_command`
(see `archive_command()`), and `archive_timeout` bounds how old the newest archived change can be
(the recovery point objective).
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

STANZA = "korgoo"


@dataclass(frozen=True)
class BackupConfig:
    repo: Path
    pg_data: Path
    pg_port: int
    pg_socket: Path | None
    cipher_pass: str
    config_path: Path
    os_user: str | None = None  # run pgBackRest as this system user (the database cluster's owner)
    pg_user: str = "postgres"  # the database role pgBackRest connects as (a superuser or replication role)
    retention_full: int = 4

    def render(self) -> str:
        lines = [
            "[global]",
            f"repo1-path={self.repo}",
            "repo1-cipher-type=aes-256-cbc",
            f"repo1-cipher-pass={self.cipher_pass}",
            f"repo1-retention-full={self.retention_full}",
            "compress-type=gz",
            "start-fast=y",
            "log-level-console=warn",
            "log-level-file=off",
            "",
            f"[{STANZA}]",
            f"pg1-path={self.pg_data}",
            f"pg1-port={self.pg_port}",
            f"pg1-user={self.pg_user}",
        ]
        if self.pg_socket is not None:
            lines.append(f"pg1-socket-path={self.pg_socket}")
        return "\n".join(lines) + "\n"

    def write(self) -> Path:
        """Write the configuration file, readable only by its owner (it holds the passphrase)."""
        self.config_path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.config_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(self.render())
        if self.os_user:
            shutil.chown(self.config_path, user=self.os_user)
        return self.config_path

    def command(self, *args: str) -> list[str]:
        base = ["pgbackrest", f"--config={self.config_path}", f"--stanza={STANZA}", *args]
        return ["runuser", "-u", self.os_user, "--", *base] if self.os_user else base

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        done = subprocess.run(self.command(*args), capture_output=True, text=True)  # noqa: S603 - fixed argv
        if done.returncode != 0:
            raise BackupError(
                f"pgbackrest {' '.join(args)} failed ({done.returncode}): {done.stderr.strip() or done.stdout.strip()}"
            )
        return done


class BackupError(RuntimeError):
    """pgBackRest refused; the message carries its explanation."""


def archive_command(config: BackupConfig) -> str:
    """The `archive_command` to set in postgresql.conf."""
    return f"pgbackrest --config={shlex.quote(str(config.config_path))} --stanza={STANZA} archive-push %p"


def stanza_create(config: BackupConfig) -> None:
    config.write()
    config.run("stanza-create")


def backup(config: BackupConfig, *, kind: str = "full") -> None:
    """Take a base backup (full, diff or incr)."""
    config.write()
    config.run(f"--type={kind}", "backup")


def restore(config: BackupConfig, *, target_time: str | None, into: Path) -> None:
    """Restore into an empty data directory, to a point in time (or to the end of the archive).

    Afterwards start PostgreSQL on that directory: it replays the archived WAL up to the target and
    opens for writing.
    """
    config.write()
    args = [f"--pg1-path={into}"]
    if target_time:
        args += ["--type=time", f"--target={target_time}", "--target-action=promote"]
    config.run(*args, "restore")
