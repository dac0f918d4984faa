"""What the retention tests build and look at: a case with everything a case can hold, and views of
the database and the file store as a thief would see them."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection
from PIL import Image

from korgoo.cases import services as case_services
from korgoo.cases.files import clean_upload
from korgoo.cases.models import Attachment, Case, CaseMessage, CaseNote
from korgoo.conftest import Side, report
from korgoo.evidence import selectors as evidence_selectors
from korgoo.evidence.models import Calculation, DiaryEntry, DiaryPhoto, DocumentKind
from korgoo.evidence.services import calculations, diary, documents
from korgoo.intake.services import report_submit
from korgoo.referrals.models import Referral
from korgoo.referrals.services import referral_decline, referral_offer


def png(colour: tuple[int, int, int] = (200, 30, 30)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (6, 6), colour).save(out, "PNG")
    return out.getvalue()


def jpeg_with_gps(maker: str) -> bytes:
    image = Image.new("RGB", (8, 8), (10, 120, 200))
    exif = Image.Exif()
    exif[0x010F] = maker
    exif[0x8825] = {1: "N", 2: (55.0, 45.0, 0.0), 3: "E", 4: (37.0, 37.0, 0.0)}
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()


@dataclass
class FullCase:
    """A case with every kind of content, and the ciphertexts it stored (to look for them later)."""

    case: Case
    receipt: str
    canary: str
    sealed: list[bytes]
    files: list[str]


def full_case(side: Side, other: Side, canary: str, *, diary_photos: bool = True) -> FullCase:
    """A report to `side`'s organisation with files (originals kept), a woman caseworker asked for,
    messages both ways, a note, a staff file, a referral offered to `other` with a note, a diary
    entry with a photo, a saved calculation and a generated evidence bundle."""
    submitted = report_submit(
        new=report(
            city=side.org.city,
            description=f"Story {canary} about a warehouse",
            employer=f"Employer {canary}",
            contact_channel="phone",
            contact_value=f"+7 901 {canary}",
            full_name=f"Name {canary}",
            prefers_woman_caseworker=True,
        ),
        files=[clean_upload(f"{canary}.jpg", jpeg_with_gps(canary)), clean_upload("b.png", png())],
        keep_originals=True,
        idempotency_key=f"key-{canary}",
    )
    case = Case.objects.get(pk=submitted.report.case_id)
    assert case.organisation_id == side.org.pk
    actor = side.actor()
    case_services.case_message_from_worker(case=case, body=f"Worker {canary} writes")
    case_services.case_message_to_worker(actor=actor, case=case, body=f"Reply {canary}")
    case_services.case_note_add(actor=actor, case=case, body=f"Note {canary}")
    case_services.case_attachment_add_by_staff(actor=actor, case=case, clean=clean_upload("scan.png", png()))
    offer = referral_offer(
        actor=actor, case=case, to_organisation=other.org, fields=["description"], note=f"Offer {canary}"
    )
    referral_decline(actor=other.actor(), referral=offer)
    entry = diary.EntryDraft(
        work_date=dt.date.today() - dt.timedelta(days=1),
        place=f"Place {canary}",
        employer=f"Employer {canary}",
        start=dt.time(8, 0),
        end=dt.time(20, 0),
        pay_agreed=Decimal("3000"),
        supervisor=f"Boss {canary}",
    )
    photos = [clean_upload("day.jpg", jpeg_with_gps(canary))] if diary_photos else []
    diary.diary_entry_add_by_worker(
        case=case, draft=entry, entry_key=diary.entry_key_issue(), photos=photos, keep_originals=True
    )
    computed = calculations.calculate(
        "late_payment", {"country": "RU", "amount": "50000", "due_date": "2025-03-15", "as_of": "2025-05-01"}
    )
    calculations.calculation_save_by_worker(case=case, computed=computed)
    case.refresh_from_db()
    documents.document_generate(
        data=documents.DocumentInput(
            case=case,
            kind=DocumentKind.EVIDENCE_BUNDLE,
            diary=evidence_selectors.diary_lines(case),
            calculations=evidence_selectors.latest_calculations(case),
        ),
        actor=None,
    )
    case.refresh_from_db()
    return FullCase(
        case=case,
        receipt=submitted.receipt,
        canary=canary,
        sealed=sealed_blobs(case),
        files=stored_files_of(case),
    )


def sealed_blobs(case: Case) -> list[bytes]:
    """Every ciphertext the case holds in the database."""
    blobs = [bytes(case.sealed_report), bytes(case.wrapped_key)]
    blobs += [bytes(b) for b in CaseMessage.objects.filter(case=case).values_list("sealed_body", flat=True)]
    blobs += [bytes(b) for b in CaseNote.objects.filter(case=case).values_list("sealed_body", flat=True)]
    blobs += [
        bytes(b) for b in Attachment.objects.filter(case=case).values_list("sealed_filename", flat=True)
    ]
    blobs += [bytes(b) for b in DiaryEntry.objects.filter(case=case).values_list("sealed_content", flat=True)]
    blobs += [
        bytes(b) for b in DiaryPhoto.objects.filter(case=case).values_list("sealed_filename", flat=True)
    ]
    blobs += [bytes(b) for b in Calculation.objects.filter(case=case).values_list("sealed_data", flat=True)]
    blobs += [bytes(b) for b in Referral.objects.filter(case=case).values_list("sealed_note", flat=True)]
    return [b for b in blobs if b]


def stored_files_of(case: Case) -> list[str]:
    names: list[str] = []
    for model in (Attachment, DiaryPhoto):
        for stored, original in model.objects.filter(case=case).values_list(
            "storage_name", "original_storage_name"
        ):
            names += [n for n in (stored, original) if n]
    return names


def files_on_disk() -> set[str]:
    folder = Path(settings.KORGOO_FILES_DIR)
    return {p.name for p in folder.iterdir()} if folder.exists() else set()


def database_bytes() -> bytes:
    """Every value of every table, as a dump would hold it."""
    chunks: list[bytes] = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            for row in cursor.fetchall():
                for value in row:
                    if isinstance(value, (bytes, memoryview)):
                        chunks.append(bytes(value))
                    else:
                        chunks.append(str(value).encode())
    return b"\n".join(chunks)


def close(side: Side, case: Case, **extra: Any) -> Case:
    return case_services.case_close(
        actor=side.actor(),
        case=Case.objects.select_related("organisation").get(pk=case.pk),
        outcome=extra.pop("outcome", "resolved"),
        money_recovered=extra.pop("money_recovered", Decimal("15000.00")),
        money_currency=extra.pop("money_currency", "RUB"),
        documents_returned=extra.pop("documents_returned", True),
    )
