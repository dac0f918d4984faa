"""Files and directories that are their owner's alone: the data directory (0700), the SQLite
database and the local secrets (0600), whatever the umask of the process that makes them."""

from __future__ import annotations

import os
import stat
from pathlib import Path


def private_directory(directory: Path) -> Path:
    """The directory, created if need be, readable by its owner only (0700): it holds the database,
    the sealed files and the local secrets. A directory shared by design (sticky, like /tmp) is left
    as it is: a database placed there is still 0600, and closing /tmp would break every other user."""
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    if not directory.stat().st_mode & stat.S_ISVTX:
        _tighten(directory, 0o700)
    return directory


def private_sqlite_file(path: Path) -> Path:
    """An SQLite database file created (or tightened) to 0600 before SQLite opens it; SQLite gives
    its -wal and -shm files the database file's mode."""
    private_directory(path.parent)
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))
    for name in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        if name.exists():
            _tighten(name, 0o600)
    return path


def _tighten(path: Path, mode: int) -> None:
    """Take away the group's and others' access from a path of ours (another user's is left alone)."""
    status = path.stat()
    if status.st_mode & 0o077 and status.st_uid == os.getuid():
        path.chmod(mode)
