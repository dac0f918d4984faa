"""Fixtures of the knowledge-base tests: the shipped articles loaded."""

from __future__ import annotations

from typing import Any

import pytest

from korgoo.core.indexing import suspended
from korgoo.knowledge import loaders
from korgoo.knowledge.services import ImportReport, articles_import


def load_articles(*, index: bool = True) -> ImportReport:
    entries, _warnings = loaders.read_content()
    if index:
        return articles_import(entries=entries)
    with suspended():
        return articles_import(entries=entries)


@pytest.fixture
def articles_loaded(db: Any) -> ImportReport:
    """The shipped articles, not searchable (faster); index them in the test when it searches."""
    return load_articles(index=False)
