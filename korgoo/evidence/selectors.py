"""Every actor-dependent read of evidence. Tenancy is decided by ``korgoo.cases``: a case the actor
may not see is ``NotFound`` here too, exactly like a case that does not exist.

Within a visible case, the diary, its photos and saved calculations are evidence of the worker's
work: they are shown to roles with the sensitive grant, where the case's files are shown (the
organisation holding it, or one that received the files by referral). Employer and supervisor
names in the diary follow the employer field of the referral. A viewer sees how many entries the
diary has and whether its chain holds, never what they say.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from korgoo.cases import vault
from korgoo.cases.choices import SharedField
from korgoo.cases.models import Case
from korgoo.cases.selectors import CaseView, case_get_for
from korgoo.core.actor import Actor
from korgoo.core.errors import NotFound
from korgoo.core.ids import parse_id
from korgoo.organisations.permissions import Perm

from .models import Calculation, DiaryEntry, DiaryPhoto, GeneratedDocument
from .rules import is_late
from .sealing import open_calculation, open_content


@dataclass(frozen=True)
class PhotoLine:
    """A diary photo as pages list it. ``downloadable`` is false while the photo waits for its virus
    check or is held back; then it is neither served nor put into documents."""

    id: Any
    filename: str
    content_type: str
    size: int
    sha256: str
    has_original: bool
    scan_status: str = ""
    scan_signature: str = ""
    downloadable: bool = False


@dataclass(frozen=True)
class DiaryLine:
    """One entry as a page or a document shows it."""

    id: Any
    seq: int
    received_at: dt.datetime
    author: str
    content: dict[str, Any]
    hash: str
    prev_hash: str
    late: bool
    photos: list[PhotoLine] = field(default_factory=list)

    @property
    def short_hash(self) -> str:
        return self.hash[:16]


def diary_visible(view: CaseView) -> bool:
    """Whether the actor may read what the diary says (not only that it exists)."""
    return view.sensitive and SharedField.ATTACHMENTS in view.fields and not view.case.content_erased


# What the worker's own diary pages and bundle never show again (ADR 0004): whoever holds the
# receipt — an employer who took the phone — learns nothing new from them.
NAMES = ("employer", "supervisor", "place")


def diary_lines(case: Case, *, with_names: bool = True) -> list[DiaryLine]:
    """The entries of a case's diary, opened, oldest first. Without ``with_names`` the employer, the
    supervisor and the workplace are left out (the worker's pages, a referral without the employer)."""
    if case.content_erased or not case.wrapped_key:
        return []
    rows = DiaryEntry.objects.filter(case=case).order_by("seq").prefetch_related("photos")
    lines = []
    for entry in rows:
        content = open_content(case, entry)
        if not with_names:
            content = {**content, **dict.fromkeys(NAMES, "")}
        photos = [
            PhotoLine(
                id=photo.pk,
                filename=vault.open_body(case, "diary_photo_name", photo.pk, photo.sealed_filename),
                content_type=photo.content_type,
                size=photo.size,
                sha256=photo.sha256,
                has_original=bool(photo.original_storage_name),
                scan_status=photo.scan_status,
                scan_signature=photo.scan_signature,
                downloadable=photo.downloadable,
            )
            for photo in sorted(entry.photos.all(), key=lambda p: p.position)
        ]
        lines.append(
            DiaryLine(
                id=entry.pk,
                seq=entry.seq,
                received_at=entry.received_at,
                author=entry.author,
                content=content,
                hash=entry.hash,
                prev_hash=entry.prev_hash,
                late=is_late(content.get("work_date", ""), entry.received_at),
                photos=photos,
            )
        )
    return lines


def diary_count(case: Case) -> int:
    return DiaryEntry.objects.filter(case=case).count()


def staff_diary_lines(*, view: CaseView) -> list[DiaryLine]:
    if not diary_visible(view):
        return []
    return diary_lines(view.case, with_names=SharedField.EMPLOYER in view.fields)


def diary_photo_get_for(
    *, actor: Actor, case_id: Any, photo_id: Any, original: bool = False
) -> tuple[DiaryPhoto, bytes, str]:
    """The decrypted bytes of a diary photo of a case the actor may read; NotFound otherwise, and
    NotFound too for a photo the virus check has not found clean (served to nobody)."""
    view = case_get_for(actor=actor, case_id=case_id)
    if not diary_visible(view):
        raise NotFound()
    photo = DiaryPhoto.objects.filter(case=view.case, pk=parse_id(photo_id)).first()
    if photo is None or not photo.downloadable:
        raise NotFound()
    if original:
        if not photo.original_storage_name or not actor.has(Perm.FILE_VIEW_ORIGINAL):
            raise NotFound()
        data = vault.open_file(view.case, "diary_photo_original", photo.pk, photo.original_storage_name)
    else:
        data = vault.open_file(view.case, "diary_photo", photo.pk, photo.storage_name)
    filename = vault.open_body(view.case, "diary_photo_name", photo.pk, photo.sealed_filename)
    return photo, data, filename


def photo_bytes(case: Case, photo_id: Any) -> bytes:
    """A diary photo's cleaned bytes, for a document of a case already opened by its reader;
    NotFound for a photo the virus check has not found clean."""
    photo = DiaryPhoto.objects.get(case=case, pk=photo_id)
    if not photo.downloadable:
        raise NotFound()
    return vault.open_file(case, "diary_photo", photo.pk, photo.storage_name)


def document_photos(case: Case, lines: list[DiaryLine]) -> dict[Any, bytes]:
    """The photos a document of the diary may embed: those the virus check found clean. A photo held
    back is left out of the document, as if it had not been sent."""
    return {p.id: photo_bytes(case, p.id) for line in lines for p in line.photos if p.downloadable}


@dataclass(frozen=True)
class SavedCalculation:
    id: Any
    kind: str
    author: str
    created_at: dt.datetime
    input: dict[str, Any]
    result: dict[str, Any]
    details: dict[str, Any]

    @property
    def present(self) -> dict[str, Any]:
        """The shape the result partials of the pages take (as for a fresh calculation)."""
        return {
            "kind": self.kind,
            "data": self.result,
            "details": self.details,
            "confirmed": all(s.get("confirmed") for s in self.result.get("sources", [])),
            "kz_basis": self.input.get("day_count_basis") or 365,
        }


def calculations_for(case: Case) -> list[SavedCalculation]:
    """Calculations saved to the case, newest first."""
    if case.content_erased or not case.wrapped_key:
        return []
    saved = []
    for row in Calculation.objects.filter(case=case).order_by("-created_at"):
        opened = open_calculation(case, row)
        saved.append(
            SavedCalculation(
                id=row.pk,
                kind=row.kind,
                author=row.author,
                created_at=row.created_at,
                input=opened.get("input", {}),
                result=opened.get("result", {}),
                details=opened.get("details", {}),
            )
        )
    return saved


def latest_calculations(case: Case) -> dict[str, SavedCalculation]:
    """The newest saved calculation of each kind."""
    latest: dict[str, SavedCalculation] = {}
    for saved in calculations_for(case):
        latest.setdefault(saved.kind, saved)
    return latest


def documents_for(case: Case) -> list[GeneratedDocument]:
    return list(GeneratedDocument.objects.filter(case=case).order_by("-created_at")[:50])
