"""The embedded default's data stays its owner's: the data directory is created 0700, the SQLite
database (and its -wal/-shm files) and the local secrets 0600, sealed files 0600 in 0700 directories —
whatever the umask of the shell that started it (SECURITY.md 27; hardening finding 8: the SQLite
file was 0644)."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage

from korgoo.conftest import env_at_test_clock


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _korgoo(data: Path, *args: str) -> None:
    env = env_at_test_clock(KORGOO_DATA_DIR=str(data), DJANGO_SETTINGS_MODULE="korgoo.config.settings.base")
    for name in ("DATABASE_URL", "KORGOO_SECRET_KEY", "KORGOO_RECEIPT_PEPPER", "KORGOO_ROOT_KEYS"):
        env.pop(name, None)
    subprocess.run(
        ["sh", "-c", 'umask 022 && exec "$@"', "sh", sys.executable, "-m", "korgoo", *args],
        env=env,
        check=True,
        capture_output=True,
    )


def test_a_new_data_directory_and_its_database_are_the_owners_alone(tmp_path: Path) -> None:
    data = tmp_path / "var"
    # The first app's migrations write a real database; the whole schema would add nothing here.
    _korgoo(data, "migrate", "contenttypes", "--noinput", "-v0")
    assert _mode(data) == 0o700
    assert _mode(data / "korgoo.sqlite3") == 0o600
    assert _mode(data / "secrets.json") == 0o600
    for extra in ("korgoo.sqlite3-wal", "korgoo.sqlite3-shm"):
        if (data / extra).exists():
            assert _mode(data / extra) == 0o600
    assert (data / "korgoo.sqlite3").stat().st_size > 0  # migrated: a real database, not a placeholder


def test_an_existing_world_readable_database_is_tightened(tmp_path: Path) -> None:
    data = tmp_path / "var"
    data.mkdir(mode=0o755)
    os.chmod(data, 0o755)
    (data / "korgoo.sqlite3").touch()  # as an older version left it
    os.chmod(data / "korgoo.sqlite3", 0o644)
    # Any command that opens the database tightens it: the one that only reads what is migrated.
    _korgoo(data, "showmigrations", "--plan")
    assert _mode(data) == 0o700
    assert _mode(data / "korgoo.sqlite3") == 0o600


def test_sealed_files_and_their_directories_are_the_owners_alone(tmp_path: Path) -> None:
    from django.conf import settings

    storage = FileSystemStorage(location=tmp_path / "files")
    old = os.umask(0o022)
    try:
        name = storage.save("ab/cd/sealed.bin", ContentFile(b"\x00sealed"))
    finally:
        os.umask(old)
    assert settings.FILE_UPLOAD_PERMISSIONS == 0o600
    assert _mode(tmp_path / "files" / name) == 0o600
    assert _mode(tmp_path / "files" / "ab") == 0o700
    assert _mode(tmp_path / "files" / "ab" / "cd") == 0o700


def test_a_database_in_a_shared_sticky_directory_leaves_the_directory_open(tmp_path: Path) -> None:
    """A database placed straight in a directory shared by design (sticky, like /tmp) is made 0600,
    and the directory keeps its mode: closing /tmp to others would break every other user of it."""
    from korgoo.core.private_files import private_sqlite_file

    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o1777)
    database = private_sqlite_file(shared / "korgoo.sqlite3")
    assert _mode(shared) == 0o1777
    assert _mode(database) == 0o600
    # A directory of ours that is not shared is still closed.
    own = tmp_path / "own"
    own.mkdir(mode=0o755)
    own.chmod(0o755)
    private_sqlite_file(own / "korgoo.sqlite3")
    assert _mode(own) == 0o700
