"""The work diary, saved calculations and the record of generated documents.

A worker's diary belongs to the case behind their report: the worker writes it through the short
session opened with the receipt, and the organisation holding the case reads it (and may add
entries on the worker's behalf). What an entry says (date, place, employer, hours, pay, supervisor,
photos) is sealed with the case's data key, bound to the row, so it is readable only where the case
is. Plain columns hold only what the server witnesses: when it received each entry, its place in
the chain and the chain's hashes.

Each entry's hash covers the previous entry's hash and the entry's canonical content, so an entry
inserted, removed or changed after the fact breaks the chain; the chain head is also written to the
audit log (append-only, hash-chained itself) every time an entry arrives.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from korgoo.cases.models import Case
from korgoo.core.scanning import RESCANNED, ScannedFile
from korgoo.organisations.models import Membership, Organisation

GENESIS = "0" * 64


class Author(models.TextChoices):
    WORKER = "worker", _("Worker")
    ORGANISATION = "organisation", _("Organisation")


class Diary(models.Model):
    """The head of a case's diary chain: how many entries it has and the hash of the last one.

    Locked while an entry is appended, so the chain stays a single line even when two entries
    arrive at the same moment.
    """

    case = models.OneToOneField(Case, on_delete=models.CASCADE, primary_key=True, related_name="diary")
    seq = models.PositiveIntegerField(default=0)
    head_hash = models.CharField(max_length=64, default=GENESIS)
    created_at = models.DateTimeField()


class DiaryEntry(models.Model):
    """One day of work as recorded by the worker (or by a caseworker on their behalf).

    ``received_at`` is the server's clock when the entry arrived, never a time the client sent.
    ``key_digest`` is the keyed hash of the entry key the server put in the form: the same form
    sent again (a retry after a dropped connection) finds this row instead of making a second one.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="diary_entries")
    seq = models.PositiveIntegerField()
    received_at = models.DateTimeField()
    author = models.CharField(max_length=16, choices=Author.choices)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, null=True, blank=True)
    member = models.ForeignKey(Membership, on_delete=models.SET_NULL, null=True, blank=True)
    key_digest = models.CharField(max_length=64)
    payload_digest = models.CharField(max_length=64)
    sealed_content = models.BinaryField()
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case", "seq"], name="diary_entry_seq_unique"),
            models.UniqueConstraint(fields=["case", "key_digest"], name="diary_entry_key_unique"),
        ]


class DiaryPhoto(ScannedFile):
    """A photo attached to a diary entry, stored encrypted, its metadata stripped.

    The original (with its metadata) is kept, sealed too, only when the worker asked for it; only
    the ``file.view_original`` grant may fetch it. The photo's SHA-256 is part of its entry's
    hashed content, so a photo swapped later breaks the chain. Both copies are checked for viruses
    after they are stored; until the check finds the photo clean, nobody may open it, and documents
    leave it out.
    """

    #: The purposes its cleaned copy and its original are sealed for (`korgoo.cases.vault`).
    SEALED_AS = ("diary_photo", "diary_photo_original")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    entry = models.ForeignKey(DiaryEntry, on_delete=models.CASCADE, related_name="photos")
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="diary_photos")
    position = models.PositiveSmallIntegerField()
    storage_name = models.CharField(max_length=80, unique=True)
    original_storage_name = models.CharField(max_length=80, blank=True)
    sealed_filename = models.BinaryField()
    content_type = models.CharField(max_length=80)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["entry", "position"], name="diary_photo_position_unique")
        ]
        indexes = [
            models.Index(
                fields=["scan_attempts"],
                name="diary_photo_scan_due",
                condition=models.Q(scan_status__in=sorted(RESCANNED)),
            )
        ]


class CalculationKind(models.TextChoices):
    LATE_PAYMENT = "late_payment", _("Compensation for late pay")
    OVERTIME = "overtime", _("Overtime and weekend pay")
    UNPAID_WAGES = "unpaid_wages", _("Unpaid wages")
    DEADLINES = "deadlines", _("Deadlines")


class Calculation(models.Model):
    """A calculation saved to a case, so that letters and the evidence bundle can quote it.

    The input and the result are sealed with the case's key (amounts and dates of one person's
    pay); the result is kept as computed that day, with the rates then in force.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="calculations")
    kind = models.CharField(max_length=20, choices=CalculationKind.choices)
    author = models.CharField(max_length=16, choices=Author.choices)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, null=True, blank=True)
    member = models.ForeignKey(Membership, on_delete=models.SET_NULL, null=True, blank=True)
    sealed_data = models.BinaryField()
    created_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["case", "kind", "-created_at"], name="calculation_case")]


class DocumentKind(models.TextChoices):
    EVIDENCE_BUNDLE = "evidence_bundle", _("Evidence bundle")
    DEMAND_LETTER = "demand_letter", _("Demand letter to the employer")
    INSPECTORATE_COMPLAINT = "inspectorate_complaint", _("Complaint to the labour inspectorate")
    STATEMENT_OF_CLAIM = "statement_of_claim", _("Statement of claim to the court")


class GeneratedDocument(models.Model):
    """The server's record of a PDF it produced: its SHA-256, verification code and key facts (sealed),
    never its text. Anyone holding the file can check it against this record; the file is not kept.

    ``diary_seq`` and ``diary_head`` are the diary chain as it was when the document was made.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="evidence_documents")
    kind = models.CharField(max_length=32, choices=DocumentKind.choices)
    author = models.CharField(max_length=16, choices=Author.choices)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, null=True, blank=True)
    member = models.ForeignKey(Membership, on_delete=models.SET_NULL, null=True, blank=True)
    code_digest = models.CharField(max_length=64, unique=True)
    content_digest = models.CharField(max_length=64)
    file_sha256 = models.CharField(max_length=64, db_index=True)
    size = models.PositiveIntegerField()
    pages = models.PositiveIntegerField(default=0)
    diary_seq = models.PositiveIntegerField(default=0)
    diary_head = models.CharField(max_length=64, default=GENESIS)
    # The document's key facts (for whom, to whom, where, which period, which sums), sealed with the
    # case's key so that a reader of the paper can compare it; they go with the case's content.
    sealed_facts = models.BinaryField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["case", "-created_at"], name="generated_document_case")]
