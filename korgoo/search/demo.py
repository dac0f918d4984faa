"""The help world of the demo: the shipped directory (with the demo world's own demo places), the
articles, the sample agency registry (marked as demo data) and the search index over them.

Built only by `korgoo demo` (through `korgoo.demo.world`), never in production: the sample registry
and the demo places are invented.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Sequence
from pathlib import Path

from django.db import transaction

from korgoo.agencies import loaders as agency_files
from korgoo.agencies.services import agencies_import, agency_report_link
from korgoo.core.indexing import suspended
from korgoo.directory import loaders as directory_files
from korgoo.directory.services import directory_import
from korgoo.knowledge import loaders as content_files
from korgoo.knowledge.services import articles_import

from .services import search_index_rebuild

SAMPLE_TAKEN_ON = dt.date(2026, 3, 5)  # the day the sample registry describes (see its README)


@transaction.atomic
def build_help_world(
    *, demo_places: Sequence[Path] = (), fraud_reports: Iterable[tuple[uuid.UUID, str]] = ()
) -> dict[str, int]:
    """Load every shipped help file, and the demo world's own `demo_places`, and index them.
    `fraud_reports`: (case id, agency name as the worker typed it) for demo cases in the category
    «fraud by an intermediary», linked like real ones. Running it again changes nothing."""
    with suspended():  # indexed once, at the end
        directory = directory_import(
            files=directory_files.read_directory(
                place_files=[(directory_files.PLACES_FILE, False), *((path, True) for path in demo_places)]
            )
        )
        entries, _warnings = content_files.read_content()
        articles_import(entries=entries)
        registry = agencies_import(
            registry=agency_files.read_registry(agency_files.SAMPLE_FILE),
            taken_on=SAMPLE_TAKEN_ON,
            allow_demo=True,
        )
    links = sum(
        1
        for case_id, name in fraud_reports
        if agency_report_link(case_id=case_id, agency_name_as_typed=name) is not None
    )
    documents = search_index_rebuild()
    return {
        "places": sum(directory.counts.get("places", {}).values()),
        "articles": len(entries),
        "agencies": len(registry.created) + len(registry.updated) + len(registry.unchanged),
        "reports_linked": links,
        "search_documents": documents,
    }
