"""Fixtures of the directory tests: the shipped files loaded (real and demo places)."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path
from typing import Any, cast

import pytest

from korgoo.conftest import built_once
from korgoo.core.indexing import suspended
from korgoo.demo.world import DEMO_PLACES_FILE
from korgoo.directory import loaders
from korgoo.directory.services import ImportReport, directory_import

ALL_FILES = [(loaders.PLACES_FILE, False), (DEMO_PLACES_FILE, True)]


def read_rows(path: Path) -> list[dict[str, str]]:
    """The data rows of a CSV file, read apart from the loader."""
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def rows_in(path: Path) -> int:
    """How many entries a CSV file holds (its data rows)."""
    return len(read_rows(path))


# Every place the shipped files hold, real and demo: the counts of the tests follow the data.
SHIPPED_PLACES = sum(rows_in(Path(path)) for path, _demo in ALL_FILES)


def load_directory(place_files: list[tuple[Any, bool]] | None = None, *, index: bool = True) -> ImportReport:
    files = loaders.read_directory(place_files=place_files or ALL_FILES)
    if index:
        return directory_import(files=files)
    with suspended():
        return directory_import(files=files)


@pytest.fixture(scope="module")
def directory_once(django_db_setup: None, django_db_blocker: Any) -> Iterator[ImportReport]:
    """The shipped directory loaded once for a whole module (`korgoo.conftest.built_once`). A module
    whose every database test reads the directory asks for it with
    `pytestmark = [..., pytest.mark.usefixtures("directory_once")]`; its tests still ask for
    `directory_loaded`."""
    with built_once(django_db_blocker, lambda: load_directory(index=False)) as report:
        yield report


@pytest.fixture
def directory_loaded(request: pytest.FixtureRequest, db: Any) -> ImportReport:
    """The shipped directory, not searchable (faster); index it in the test when it searches."""
    if "directory_once" in request.fixturenames:
        return cast(ImportReport, request.getfixturevalue("directory_once"))
    return load_directory(index=False)
