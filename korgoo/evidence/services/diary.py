"""Writing to the work diary and verifying its chain.

An entry is appended under a lock on the diary's head, so entries form one line: entry N's hash is
``SHA-256(hash of entry N-1 + canonical JSON of entry N)``, where the canonical JSON holds the case,
the position, the server's receive time, who wrote it and everything the entry says (photos by their
SHA-256), plus a random salt so that the hash reveals nothing of a low-entropy content. Every append
also writes the new head to the audit log, whose rows can be neither updated nor deleted: rewriting
the diary and its hashes afterwards still disagrees with the audit log.

Retries never duplicate an entry: each form carries an entry key issued by the server (a signed
random nonce, nothing stored until the entry arrives); the entry is saved with the keyed hash of that
key, unique within the diary, and the same key sent again finds the entry already saved.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import secrets
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core import signing
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from korgoo.audit.models import AuditEvent
from korgoo.audit.services import audit_record
from korgoo.cases import vault
from korgoo.cases.files import CleanFile
from korgoo.cases.models import Case
from korgoo.cases.permissions import case_for_work
from korgoo.cases.tasks import scan_request
from korgoo.core import crypto
from korgoo.core.actor import Actor
from korgoo.core.choices import Currency
from korgoo.core.errors import ApplicationError, NotFound
from korgoo.core.storage import delete_sealed, store_sealed
from korgoo.organisations.permissions import Perm

from ..models import GENESIS, Author, Diary, DiaryEntry, DiaryPhoto
from ..sealing import entry_aad, open_content
from ..selectors import diary_photo_get_for

ENTRY_KEY_SALT = "korgoo.evidence.entry-key"
#: A diary form may stay open on a phone for days without a connection.
ENTRY_KEY_MAX_AGE = 14 * 24 * 3600
MAX_PHOTOS = 3
MAX_TEXT = 200
MAX_NOTE = 2000
MAX_MONEY = Decimal("100000000")
#: The currencies a day's pay may be written in.
CURRENCIES = tuple(str(c.value) for c in (Currency.RUB, Currency.KZT, Currency.KGS, Currency.USD))
ANCHOR_ACTION = "evidence.diary_entry_added"
#: An entry received more than this long after the day it describes is shown as written later.


@dataclass(frozen=True)
class EntryDraft:
    """What a diary entry says, as typed in a form or sent to the API (already parsed to types)."""

    work_date: dt.date
    place: str = ""
    employer: str = ""
    start: dt.time | None = None
    end: dt.time | None = None
    break_minutes: int = 0
    rest_day: bool = False
    pay_agreed: Decimal | None = None
    pay_received: Decimal | None = None
    currency: str = "RUB"
    supervisor: str = ""
    note: str = ""
    corrects: int | None = None


@dataclass(frozen=True)
class EntryAdded:
    entry: DiaryEntry
    replayed: bool


# --- Entry keys ---------------------------------------------------------------------------------------


def entry_key_issue() -> str:
    """A fresh entry key for one diary form: a signed random nonce; nothing is stored."""
    return signing.dumps({"n": secrets.token_hex(16)}, salt=ENTRY_KEY_SALT)


def _form_key_digest(entry_key: str) -> str:
    try:
        value = signing.loads(entry_key or "", salt=ENTRY_KEY_SALT, max_age=ENTRY_KEY_MAX_AGE)
        nonce = str(value["n"])
    except (signing.BadSignature, KeyError, TypeError) as exc:
        raise ApplicationError(
            "form_expired", _("The form has expired. Please check the entry and send it again.")
        ) from exc
    return _key_digest("form:" + nonce)


def _key_digest(key: str) -> str:
    return crypto.keyed_digest(crypto.purpose_key("diary-entry-key"), key)


# --- Validation and canonical content -----------------------------------------------------------------


def hours_worked(start: dt.time | None, end: dt.time | None, break_minutes: int) -> Decimal | None:
    """Hours between start and end less the breaks; an end before the start is a night shift."""
    if start is None or end is None:
        return None
    minutes = (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)
    if minutes <= 0:
        minutes += 24 * 60
    minutes -= break_minutes
    return (Decimal(max(minutes, 0)) / Decimal(60)).quantize(Decimal("0.01"))


def _money(value: Decimal | None, field: str, errors: dict[str, list[str]]) -> str | None:
    if value is None:
        return None
    try:
        number = Decimal(value)
    except (InvalidOperation, TypeError):
        errors[field] = [str(_("Write the amount as a number."))]
        return None
    if (
        not number.is_finite()
        or number < 0
        or number >= MAX_MONEY
        or number != number.quantize(Decimal("0.01"))
    ):
        errors[field] = [str(_("Write the amount as a number."))]
        return None
    return f"{number.quantize(Decimal('0.01')):f}"


def is_empty(draft: EntryDraft, *, has_photos: bool = False) -> bool:
    """Whether an entry says nothing about the day but its date: no hours, place, employer, pay,
    supervisor, note or photo. Such an entry would count as a day worked in the evidence bundle."""
    return not (
        has_photos
        or (draft.start is not None and draft.end is not None)
        or draft.place.strip()
        or draft.employer.strip()
        or draft.supervisor.strip()
        or draft.note.strip()
        or draft.pay_agreed is not None
        or draft.pay_received is not None
    )


def validate_draft(
    draft: EntryDraft, *, today: dt.date, last_seq: int, has_photos: bool = False
) -> dict[str, Any]:
    """The entry's content as stored and hashed, or one ApplicationError listing every wrong field.

    An entry that says nothing but its date is refused (``empty_entry``), from the page and the API
    alike: the evidence bundle would count it as a day worked."""
    if is_empty(draft, has_photos=has_photos) and (draft.start is None) == (draft.end is None):
        raise ApplicationError(
            "empty_entry",
            _(
                "Write at least one thing about this day: the hours, the place, the employer, the pay, "
                "the supervisor, a note or a photo."
            ),
        )
    errors: dict[str, list[str]] = {}
    if draft.work_date > today:
        errors["work_date"] = [str(_("The date cannot be in the future."))]
    elif draft.work_date < today - dt.timedelta(days=3 * 366):
        errors["work_date"] = [str(_("The date is more than three years ago."))]
    for name in ("place", "employer", "supervisor"):
        if len(getattr(draft, name)) > MAX_TEXT:
            errors[name] = [str(_("The text is too long (up to 200 letters)."))]
    if len(draft.note) > MAX_NOTE:
        errors["note"] = [str(_("The text is too long (up to 2,000 letters)."))]
    if (draft.start is None) != (draft.end is None):
        errors["end" if draft.end is None else "start"] = [
            str(_("Write both the start and the end of work, or neither."))
        ]
    if not 0 <= draft.break_minutes <= 600:
        errors["break_minutes"] = [str(_("Breaks: write the minutes, from 0 to 600."))]
    hours = hours_worked(draft.start, draft.end, draft.break_minutes)
    if draft.currency not in CURRENCIES:
        errors["currency"] = [str(_("Choose a currency."))]
    agreed = _money(draft.pay_agreed, "pay_agreed", errors)
    received = _money(draft.pay_received, "pay_received", errors)
    if draft.corrects is not None and not 1 <= draft.corrects <= last_seq:
        errors["corrects"] = [str(_("Choose an entry of this diary."))]
    if errors:
        raise ApplicationError("invalid_entry", _("Please correct the marked fields."), errors)
    return {
        "work_date": draft.work_date.isoformat(),
        "place": draft.place.strip(),
        "employer": draft.employer.strip(),
        "start": draft.start.strftime("%H:%M") if draft.start else None,
        "end": draft.end.strftime("%H:%M") if draft.end else None,
        "break_minutes": draft.break_minutes,
        "hours": None if hours is None else f"{hours:f}",
        "rest_day": draft.rest_day,
        "pay_agreed": agreed,
        "pay_received": received,
        "currency": draft.currency,
        "supervisor": draft.supervisor.strip(),
        "note": draft.note.strip(),
        "corrects": draft.corrects,
    }


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def _payload_digest(draft: EntryDraft, photos: Sequence[CleanFile], keep_originals: bool) -> str:
    body = asdict(draft)
    body["photos"] = [hashlib.sha256(photo.original).hexdigest() for photo in photos]
    body["keep_originals"] = keep_originals
    return crypto.keyed_digest(crypto.purpose_key("diary-entry-payload"), _canonical(body))


def received_stamp(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).isoformat(timespec="microseconds")


def entry_hash(
    *,
    prev_hash: str,
    case_id: Any,
    seq: int,
    received_at: dt.datetime,
    author: str,
    organisation_id: Any,
    content: dict[str, Any],
) -> str:
    """SHA-256 over the previous hash and the canonical JSON of everything the entry witnesses."""
    witnessed = {
        "case": str(case_id),
        "seq": seq,
        "received_at": received_stamp(received_at),
        "author": author,
        "organisation": str(organisation_id) if organisation_id else None,
        "content": content,
    }
    return hashlib.sha256((prev_hash + _canonical(witnessed)).encode()).hexdigest()


# --- Appending ------------------------------------------------------------------------------------------


def _ensure_diary_open(case: Case) -> None:
    if case.content_erased or not case.wrapped_key:
        raise NotFound()


def _replayed(case: Case, key_digest: str, payload_digest: str) -> EntryAdded | None:
    existing = DiaryEntry.objects.filter(case=case, key_digest=key_digest).first()
    if existing is None:
        return None
    if existing.payload_digest != payload_digest:
        raise ApplicationError(
            "entry_key_reused", _("This form was already sent with other content. Open the diary again.")
        )
    return EntryAdded(entry=existing, replayed=True)


def _append(
    *,
    case: Case,
    draft: EntryDraft,
    key_digest: str,
    photos: Sequence[CleanFile],
    keep_originals: bool,
    author: str,
    actor: Actor | None,
) -> EntryAdded:
    _ensure_diary_open(case)
    if len(photos) > MAX_PHOTOS:
        raise ApplicationError(
            "too_many_photos",
            _("Too many photos. You can attach up to %(n)d to one entry.") % {"n": MAX_PHOTOS},
            {
                "photos": [
                    str(_("Too many photos. You can attach up to %(n)d to one entry.") % {"n": MAX_PHOTOS})
                ]
            },
        )
    payload_digest = _payload_digest(draft, photos, keep_originals)
    earlier = _replayed(case, key_digest, payload_digest)
    if earlier is not None:
        return earlier
    stored: list[str] = []
    try:
        with transaction.atomic():
            Diary.objects.get_or_create(case=case, defaults={"created_at": timezone.now()})
            diary = Diary.objects.select_for_update().get(case=case)
            # A copy of this request may have saved the entry while this one waited for the lock.
            earlier = _replayed(case, key_digest, payload_digest)
            if earlier is not None:
                return earlier
            content = validate_draft(
                draft, today=timezone.localdate(), last_seq=diary.seq, has_photos=bool(photos)
            )
            entry = DiaryEntry(
                case=case,
                seq=diary.seq + 1,
                received_at=timezone.now(),
                author=author,
                organisation=actor.organisation if actor else None,
                member=actor.membership if actor else None,
                key_digest=key_digest,
                payload_digest=payload_digest,
                prev_hash=diary.head_hash,
            )
            rows: list[DiaryPhoto] = []
            listed = []
            for position, photo in enumerate(photos, start=1):
                row = DiaryPhoto(
                    entry=entry,
                    case=case,
                    position=position,
                    content_type=photo.content_type,
                    size=len(photo.content),
                    sha256=hashlib.sha256(photo.content).hexdigest(),
                )
                row.storage_name = store_sealed(vault.seal_bytes(case, "diary_photo", row.pk, photo.content))
                stored.append(row.storage_name)
                if keep_originals:
                    row.original_storage_name = store_sealed(
                        vault.seal_bytes(case, "diary_photo_original", row.pk, photo.original)
                    )
                    stored.append(row.original_storage_name)
                row.sealed_filename = vault.seal_body(case, "diary_photo_name", row.pk, photo.filename)
                rows.append(row)
                listed.append(
                    {
                        "sha256": row.sha256,
                        "content_type": row.content_type,
                        "size": row.size,
                        "original_kept": bool(row.original_storage_name),
                    }
                )
            content["photos"] = listed
            content["salt"] = secrets.token_hex(16)
            entry.hash = entry_hash(
                prev_hash=entry.prev_hash,
                case_id=case.pk,
                seq=entry.seq,
                received_at=entry.received_at,
                author=author,
                organisation_id=entry.organisation_id,
                content=content,
            )
            entry.sealed_content = vault.seal_json(case, content, entry_aad(case, entry.pk))
            entry.save(force_insert=True)
            for row in rows:
                row.save(force_insert=True)
            diary.seq = entry.seq
            diary.head_hash = entry.hash
            diary.save(update_fields=["seq", "head_hash"])
            audit_record(
                actor=actor,
                action=ANCHOR_ACTION,
                object_type="case",
                object_id=case.pk,
                organisation_id=case.organisation_id if actor is None else None,
                details={"diary_seq": entry.seq, "diary_head": entry.hash, "author": author},
            )
            for row in rows:
                scan_request(row)  # held back until the virus check finds it clean
    except IntegrityError:
        for name in stored:
            delete_sealed(name)
        earlier = _replayed(case, key_digest, payload_digest)
        if earlier is None:
            raise
        return earlier
    except Exception:
        for name in stored:
            delete_sealed(name)
        raise
    return EntryAdded(entry=entry, replayed=False)


def diary_entry_add_by_worker(
    *,
    case: Case,
    draft: EntryDraft,
    entry_key: str,
    photos: Sequence[CleanFile] = (),
    keep_originals: bool = False,
) -> EntryAdded:
    """The worker records a day of work (called after the worker session was checked).

    The entry key comes from the form the server issued; the same form sent again returns the entry
    already saved, and the same key with other content is refused.
    """
    return _append(
        case=case,
        draft=draft,
        key_digest=_form_key_digest(entry_key),
        photos=photos,
        keep_originals=keep_originals,
        author=Author.WORKER,
        actor=None,
    )


def diary_entry_add_by_staff(
    *,
    actor: Actor,
    case: Case,
    draft: EntryDraft,
    entry_key: str = "",
    idempotency_key: str = "",
    photos: Sequence[CleanFile] = (),
) -> EntryAdded:
    """A caseworker of the organisation holding the case records a day on the worker's behalf (for
    example from a phone call). The entry is marked as written by the organisation."""
    case = case_for_work(actor=actor, case=case, perm=(Perm.CASE_WORK, Perm.CASE_VIEW_SENSITIVE))
    if entry_key:
        key_digest = _form_key_digest(entry_key)
    elif idempotency_key:
        if len(idempotency_key) > 200:
            raise ApplicationError("invalid_idempotency_key", _("The Idempotency-Key is too long."))
        key_digest = _key_digest(f"api:{actor.organisation_id}:{idempotency_key}")
    else:
        key_digest = _key_digest("once:" + secrets.token_hex(16))
    return _append(
        case=case,
        draft=draft,
        key_digest=key_digest,
        photos=photos,
        keep_originals=False,
        author=Author.ORGANISATION,
        actor=actor,
    )


# --- Verification ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DiaryCheck:
    """The result of recomputing a diary's chain.

    ``broken_at`` is the position of the first entry that does not match (or ``entries + 1`` when
    entries are missing at the end); ``problem`` says what did not match, as a stable code.
    """

    case_id: Any
    entries: int
    head: str
    broken_at: int | None
    problem: str
    anchors: int

    @property
    def ok(self) -> bool:
        return self.broken_at is None


def _anchors(case: Case) -> dict[int, str]:
    """Diary heads written to the audit log, by position."""
    found: dict[int, str] = {}
    rows = AuditEvent.objects.filter(object_type="case", object_id=str(case.pk), action=ANCHOR_ACTION)
    for details in rows.values_list("details", flat=True):
        try:
            found[int(details["diary_seq"])] = str(details["diary_head"])
        except (KeyError, TypeError, ValueError):
            continue
    return found


def diary_verify(case: Case, *, with_files: bool = True) -> tuple[DiaryCheck, dict[int, str]]:
    """Recompute the chain of a case's diary; return the check and the recomputed hash by position.

    Checks, in order: positions run 1, 2, 3… without gaps; each entry links to the previous hash;
    each entry's content opens (it was not altered or moved to another row) and hashes to its stored
    hash; each photo still has the SHA-256 its entry recorded; the head matches the last entry; and
    every head written to the audit log matches the recomputed hash at its position.
    """
    hashes: dict[int, str] = {}
    prev = GENESIS
    expected = 1
    problem = ""
    broken: int | None = None
    if case.content_erased or not case.wrapped_key:
        return DiaryCheck(case.pk, 0, GENESIS, None, "", 0), hashes
    entries = list(DiaryEntry.objects.filter(case=case).order_by("seq").prefetch_related("photos"))
    for entry in entries:
        if entry.seq != expected:
            broken, problem = expected, "missing_entry"
            break
        if entry.prev_hash != prev:
            broken, problem = entry.seq, "broken_link"
            break
        try:
            content = open_content(case, entry)
        except crypto.DecryptionError:
            broken, problem = entry.seq, "content_unreadable"
            break
        recomputed = entry_hash(
            prev_hash=prev,
            case_id=case.pk,
            seq=entry.seq,
            received_at=entry.received_at,
            author=entry.author,
            organisation_id=entry.organisation_id,
            content=content,
        )
        if recomputed != entry.hash:
            broken, problem = entry.seq, "content_changed"
            break
        photos = sorted(entry.photos.all(), key=lambda p: p.position)
        if [p.sha256 for p in photos] != [p.get("sha256") for p in content.get("photos", [])]:
            broken, problem = entry.seq, "photo_changed"
            break
        if with_files and not _photos_intact(case, photos):
            broken, problem = entry.seq, "photo_changed"
            break
        hashes[entry.seq] = recomputed
        prev = recomputed
        expected += 1
    count = expected - 1
    diary = Diary.objects.filter(case=case).first()
    if broken is None and diary is not None and (diary.seq != count or diary.head_hash != prev):
        broken, problem = count + 1, "head_mismatch"
    anchors = _anchors(case)
    if broken is None:
        for seq in sorted(anchors):
            if hashes.get(seq) != anchors[seq]:
                broken, problem = min(seq, count + 1), "audit_mismatch"
                break
    return DiaryCheck(case.pk, count, prev, broken, problem, len(anchors)), hashes


def _photos_intact(case: Case, photos: Sequence[DiaryPhoto]) -> bool:
    for photo in photos:
        try:
            data = vault.open_file(case, "diary_photo", photo.pk, photo.storage_name)
        except (crypto.DecryptionError, OSError):
            return False
        if hashlib.sha256(data).hexdigest() != photo.sha256:
            return False
    return True


@transaction.atomic
def diary_photo_download(
    *, actor: Actor, case_id: Any, photo_id: Any, original: bool = False
) -> tuple[bytes, str]:
    """A diary photo of a case the actor may read, opened (`selectors.diary_photo_get_for` decides
    who may), with the audit row of the download in the same transaction."""
    photo, data, filename = diary_photo_get_for(
        actor=actor, case_id=case_id, photo_id=photo_id, original=original
    )
    audit_record(
        actor=actor,
        action="evidence.photo_original_downloaded" if original else "evidence.photo_downloaded",
        object_type="case",
        object_id=photo.case_id,
        details={"photo": str(photo.pk)},
    )
    return data, filename
