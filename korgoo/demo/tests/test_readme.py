"""The README a newcomer reads first agrees with the code: every app is on its map of folders and
every demo user in its table."""

from __future__ import annotations

import re
from pathlib import Path

import korgoo
from korgoo.demo.world import USERS

PACKAGE = Path(korgoo.__file__).parent
README = (PACKAGE.parent / "README.md").read_text(encoding="utf-8")


def test_the_map_of_folders_lists_every_folder_of_the_package() -> None:
    folders = {
        path.name
        for path in PACKAGE.iterdir()
        if path.is_dir() and path.name not in ("locale", "static", "templates", "__pycache__")
    }
    mapped = set(re.findall(r"^  (\w+)/", README.split("## Where things are", 1)[1], flags=re.MULTILINE))
    assert folders - mapped == set()
    assert mapped - folders == set()


def test_the_table_of_demo_users_names_every_demo_user() -> None:
    for username in ["admin", *(user[0] for user in USERS)]:
        assert f"| `{username}` |" in README
