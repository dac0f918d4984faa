"""The Russian morphological dictionary (pymorphy3), loaded once per process and shared by whatever
reads Russian words: search, triage, the court decisions' parties, the gazetteer's build. Each copy
of the dictionary holds about 20 MiB, which a web worker would otherwise pay once per reader."""

from __future__ import annotations

from functools import lru_cache
from typing import Any


@lru_cache(maxsize=1)
def russian() -> Any:
    """The shared analyser (`pymorphy3.MorphAnalyzer` for Russian)."""
    import pymorphy3  # noqa: PLC0415 - a heavy library, loaded only when a reader first needs it

    return pymorphy3.MorphAnalyzer(lang="ru")
