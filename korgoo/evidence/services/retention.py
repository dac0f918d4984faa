"""Forgetting the evidence of cases whose content is erased.

A case's diary, diary photos and saved calculations are sealed with the case's data key, so once the
key is destroyed (consent withdrawn, or the case anonymised at the end of its retention period) they
can never be opened again; they are deleted so that no ciphertext outlives its key. The records of
generated documents hold no content (digests and a verification code), but they tie a document the
worker may still hold to the case: they go when the case is anonymised.

The audit rows that anchored each diary entry stay: they hold hashes only, and cannot be deleted.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.db.models import Q

from ..models import Calculation, Diary, DiaryEntry, DiaryPhoto, GeneratedDocument


def evidence_forget(*, case_ids: Sequence[Any], documents: bool = True) -> tuple[dict[str, int], list[str]]:
    """Delete the diary (entries, photos, chain head) and saved calculations of these cases, and
    with `documents` the records of documents generated for them.

    Runs in the caller's transaction. Returns the counts of deleted rows and the names of the sealed
    photo files, which the caller deletes once the transaction has committed.
    """
    ids = list(case_ids)
    files: list[str] = []
    for stored, original in DiaryPhoto.objects.filter(case_id__in=ids).values_list(
        "storage_name", "original_storage_name"
    ):
        files.extend(name for name in (stored, original) if name)
    photos, _rows = DiaryPhoto.objects.filter(case_id__in=ids).delete()
    entries, _rows = DiaryEntry.objects.filter(case_id__in=ids).delete()
    diaries, _rows = Diary.objects.filter(case_id__in=ids).delete()
    calculations, _rows = Calculation.objects.filter(case_id__in=ids).delete()
    generated = 0
    if documents:
        generated, _rows = GeneratedDocument.objects.filter(case_id__in=ids).delete()
    counts = {
        "diary_photos": photos,
        "diary_entries": entries,
        "diaries": diaries,
        "calculations": calculations,
        "documents": generated,
        "sealed_files": len(files),
    }
    return counts, files


def evidence_case_ids_left_after_erasure(*, limit: int) -> list[Any]:
    """Up to `limit` cases whose content is erased but which still have a diary or a saved
    calculation (sealed under a key that no longer exists)."""
    erased = Q(case__content_erased=True)
    found: set[Any] = set()
    for model in (Diary, DiaryEntry, Calculation):
        if len(found) >= limit:
            break
        found.update(_case_ids(model.objects.filter(erased), limit - len(found)))
    return sorted(found)[:limit]


def _case_ids(rows: Any, limit: int) -> Iterable[Any]:
    ids: Iterable[Any] = rows.order_by("case_id").values_list("case_id", flat=True).distinct()[:limit]
    return ids
