"""`korgoo rebuild_search_index`: index all help content again, from nothing.

Not needed in normal work (the imports and the editors' changes keep the index); use it after a
restore or when the analysis of words has changed.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from korgoo.search.services import search_index_rebuild


class Command(BaseCommand):
    help = "Rebuild the search index over articles, places of help and agencies."

    def handle(self, *args: Any, **options: Any) -> None:
        count = search_index_rebuild()
        self.stdout.write(f"search index: {count} documents")
