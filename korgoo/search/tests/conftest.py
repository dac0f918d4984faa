"""Fixtures of the search tests: the shipped help content, indexed once at the end."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, cast

import pytest

from korgoo.agencies import loaders as agency_files
from korgoo.agencies.services import agencies_import
from korgoo.conftest import built_once
from korgoo.core.indexing import suspended
from korgoo.demo.world import DEMO_PLACES_FILE
from korgoo.directory import loaders as directory_files
from korgoo.directory.services import directory_import
from korgoo.knowledge import loaders as content_files
from korgoo.knowledge.services import articles_import
from korgoo.search.services import search_index_rebuild


def load_help(*, demo_places: bool) -> int:
    places = [(directory_files.PLACES_FILE, False)]
    if demo_places:
        places.append((DEMO_PLACES_FILE, True))
    with suspended():
        directory_import(files=directory_files.read_directory(place_files=places))
        articles_import(entries=content_files.read_content()[0])
        agencies_import(registry=agency_files.read_registry(agency_files.SAMPLE_FILE), allow_demo=True)
    return search_index_rebuild()


@pytest.fixture(scope="module")
def real_help_once(django_db_setup: None, django_db_blocker: Any) -> Iterator[int]:
    """`real_help` loaded once for a whole module whose every database test reads it
    (`korgoo.conftest.built_once`): `pytestmark = [..., pytest.mark.usefixtures("real_help_once")]`."""
    with built_once(django_db_blocker, lambda: load_help(demo_places=False)) as indexed:
        yield indexed


@pytest.fixture(scope="module")
def help_world_once(django_db_setup: None, django_db_blocker: Any) -> Iterator[int]:
    """`help_world` loaded once for a whole module, as `real_help_once`."""
    with built_once(django_db_blocker, lambda: load_help(demo_places=True)) as indexed:
        yield indexed


@pytest.fixture
def real_help(request: pytest.FixtureRequest, db: Any) -> int:
    """Real places only (demo places repeat them), the articles and the sample registry."""
    if "real_help_once" in request.fixturenames:
        return cast(int, request.getfixturevalue("real_help_once"))
    return load_help(demo_places=False)


@pytest.fixture
def help_world(request: pytest.FixtureRequest, db: Any) -> int:
    if "help_world_once" in request.fixturenames:
        return cast(int, request.getfixturevalue("help_world_once"))
    return load_help(demo_places=True)
