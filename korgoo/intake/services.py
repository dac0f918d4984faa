"""Public intake: submitting a report, finding it again with the receipt, and the worker's actions.

Nothing here trusts the client. A submission is idempotent by the client's `Idempotency-Key`: a
retry gets the same receipt, a reused key with another payload is refused, and concurrent copies
make one case. Receipt lookups are throttled per client and by a global failed-lookup budget, and a
wrong, malformed or expired receipt gets exactly the same answer as an unknown one.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import secrets
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, fields
from typing import Any

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from korgoo.cases.files import CleanFile, Upload, check_upload_sizes, clean_all
from korgoo.cases.models import Case
from korgoo.cases.services import (
    NewReport,
    case_close_by_worker,
    case_consent_restore,
    case_consent_withdraw,
    case_info_add_by_worker,
    case_message_from_worker,
    case_open_from_report,
    validate_report,
)
from korgoo.core import crypto, receipts, unsealing
from korgoo.core.errors import ApplicationError, Conflict, NotFound, Throttled
from korgoo.core.rows import columns, models_from_rows
from korgoo.core.throttle import Window, first_exceeded, hit_all, read_with_counts

from .models import IdempotencyRecord, Report, WorkerSession

FORM_TOKEN_SALT = "korgoo.intake.form"
FORM_TOKEN_MAX_AGE = 4 * 3600


class Overloaded(ApplicationError):
    status = 503

    def __init__(self, retry_after: int) -> None:
        super().__init__(
            "overloaded", _("Many reports are arriving right now. Please try again in a minute.")
        )
        self.retry_after = retry_after


@dataclass(frozen=True)
class Submitted:
    report: Report
    receipt: str
    replayed: bool


def _payload_digest(new: NewReport, files: Sequence[CleanFile | Upload]) -> str:
    # Its fields as they are (asdict's deep copy is not needed: the lists are sorted into new ones).
    body: dict[str, Any] = {f.name: getattr(new, f.name) for f in fields(new)}
    if not body["sector"]:
        del body["sector"]  # reports from before the question existed keep their digest
    body["categories"] = sorted(body["categories"])
    body["share_with"] = sorted(body["share_with"])
    body["happened_on"] = new.happened_on.isoformat() if new.happened_on else None
    body["files"] = [
        hashlib.sha256(f.original if isinstance(f, CleanFile) else f.data).hexdigest() for f in files
    ]
    canonical = json.dumps(body, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def _idempotency_key_digest(key: str) -> str:
    return crypto.keyed_digest(crypto.purpose_key("idempotency"), key)


def _idempotency_seal_key(key: str) -> bytes:
    return hmac.new(crypto.purpose_key("idempotency-seal"), key.encode(), hashlib.sha256).digest()


def _intake_budgets(client: str) -> tuple[Window, Window]:
    return (
        Window(f"intake:{client}", settings.KORGOO_INTAKE_PER_CLIENT, 3600),
        Window("intake:global", settings.KORGOO_INTAKE_GLOBAL_PER_MINUTE, 60),
    )


def _spend_intake_budget(budgets: Sequence[Window], spent: Window | None) -> None:
    """Refuse the report if a budget is spent (the per-client one first), else count it in both."""
    if not budgets:
        return
    per_client, overall = budgets
    if spent is per_client:
        raise Throttled(per_client.retry_after)
    if spent is overall:
        raise Overloaded(overall.retry_after)
    hit_all(*budgets)  # both counted in one write


_RECORD_FIELDS = ("key_digest", "payload_digest", "report", "sealed_receipt", "created_at")
_RECORD_READ = "SELECT {columns} FROM {table} WHERE {key} = %s".format(  # noqa: S608 - fixed names
    columns=columns(IdempotencyRecord, _RECORD_FIELDS),
    table=connection.ops.quote_name(IdempotencyRecord._meta.db_table),
    key=connection.ops.quote_name("key_digest"),
)


def _idempotency_record(
    key_digest: str, budgets: Sequence[Window]
) -> tuple[IdempotencyRecord | None, Window | None]:
    """The record of an Idempotency-Key, by one fixed statement (every report with a key asks), and
    the first spent of the budgets, read in the same round trip when the counters are in the database."""
    rows, spent = read_with_counts(_RECORD_READ, [key_digest], len(_RECORD_FIELDS), *budgets)
    found = models_from_rows(IdempotencyRecord, _RECORD_FIELDS, rows)
    return (found[0] if found else None), spent


def _replay(record: IdempotencyRecord, key: str, payload_digest: str) -> Submitted:
    if record.payload_digest != payload_digest:
        raise ApplicationError(
            "idempotency_key_reused", _("This Idempotency-Key was already used for a different report.")
        )
    if record.report_id is None:
        raise Conflict("in_progress", _("This report is still being saved. Try again in a moment."))
    receipt = unsealing.unseal_text(_idempotency_seal_key(key), bytes(record.sealed_receipt), b"idempotency")
    report = Report.objects.select_related("case").get(pk=record.report_id)
    return Submitted(report=report, receipt=receipt, replayed=True)


def report_submit(
    *,
    new: NewReport,
    files: Sequence[CleanFile | Upload] = (),
    keep_originals: bool = False,
    idempotency_key: str | None = None,
    client: str | None = None,
) -> Submitted:
    """Accept a report: one case, one receipt, shown once. The receipt is never stored, only its
    keyed hash; with an Idempotency-Key it is also kept sealed for 24 hours under a key derived from
    the Idempotency-Key, so that only a retry of the same request can read it back.

    Cheap refusals come first, expensive work last: the report's fields, the files' number, size and
    kind, a retry's replay, the per-client and global intake budgets — and only then are the uploads
    decoded and cleaned (in a child process with limits, `korgoo.cases.files`).

    `client` is the hashed fingerprint of the requesting client, for the per-client and global
    intake budgets."""
    validate_report(new)
    check_upload_sizes([f for f in files if isinstance(f, Upload)])
    if len(files) > settings.KORGOO_UPLOAD_MAX_FILES:
        raise ApplicationError(
            "too_many_files",
            _("Too many files. You can attach up to %(n)d.") % {"n": settings.KORGOO_UPLOAD_MAX_FILES},
        )
    digest = _payload_digest(new, files)
    key = (idempotency_key or "").strip()
    if len(key) > 200:
        raise ApplicationError("invalid_idempotency_key", _("The Idempotency-Key is too long."))
    key_digest = _idempotency_key_digest(key) if key else None
    # None: an internal caller (demo, seeding), not a request
    budgets = _intake_budgets(client) if client is not None else ()
    if key_digest:
        existing, spent = _idempotency_record(key_digest, budgets)  # one round trip for both
        if existing is not None:
            cutoff = timezone.now() - dt.timedelta(hours=settings.KORGOO_IDEMPOTENCY_HOURS)
            if existing.created_at >= cutoff:
                return _replay(existing, key, digest)  # a retry spends no budget
            existing.delete()  # an expired key may be used again
    else:
        spent = first_exceeded(*budgets) if budgets else None  # both counts in one read
    _spend_intake_budget(budgets, spent)
    cleaned = clean_all(files)
    receipt = receipts.generate()
    report_id = uuid.uuid4()
    now = timezone.now()
    report = Report(
        id=report_id,
        receipt_digest=crypto.receipt_digest(receipt),
        submitted_at=now,
        last_seen_on=now.date(),
    )

    def intake_rows(case: Case) -> list[list[Any]]:
        report.case = case
        rows: list[list[Any]] = [[report]]
        if key_digest:
            # A concurrent copy of this request waits on the key's unique index, then fails. The
            # record names the report written in this same statement (foreign keys are checked at
            # commit).
            rows.append(
                [
                    IdempotencyRecord(
                        key_digest=key_digest,
                        payload_digest=digest,
                        report_id=report_id,
                        sealed_receipt=crypto.seal_text(_idempotency_seal_key(key), receipt, b"idempotency"),
                        created_at=now,
                    )
                ]
            )
        return rows

    try:
        with transaction.atomic():
            case_open_from_report(
                report=new, files=cleaned, keep_originals=keep_originals, with_rows=intake_rows
            )
    except IntegrityError:
        if not key_digest:
            raise
        existing = IdempotencyRecord.objects.filter(key_digest=key_digest).first()
        if existing is None:
            raise Conflict(
                "in_progress", _("This report is still being saved. Try again in a moment.")
            ) from None
        return _replay(existing, key, digest)
    return Submitted(report=report, receipt=receipt, replayed=False)


def report_find(*, raw_receipt: str, client: str) -> Report:
    """The report behind a receipt, or NotFound for anything else, after the same work either way.

    Failures are penalised, successes never: a failed lookup counts against the client and the first
    digits it typed (`KORGOO_LOOKUP_FAILURES_PER_CODE_PREFIX`), against the client as a whole (a
    larger `KORGOO_LOOKUP_FAILURES_PER_CLIENT`, which keeps one client from spending the global
    budget) and against the global failed-lookup budget. So wrong codes typed on the worker's Wi-Fi
    by someone else do not lock the worker's own code out, while spraying from many addresses stays
    bounded by the global budget; while it is spent, every lookup is refused, even with a right receipt.
    """
    window = settings.KORGOO_LOOKUP_WINDOW_SECONDS
    typed = "".join(str(int(c)) for c in raw_receipt[:100] if c.isdecimal())
    per_prefix = Window(
        f"lookup-fail:{client}:{typed[:4]}", settings.KORGOO_LOOKUP_FAILURES_PER_CODE_PREFIX, window
    )
    per_client = Window(f"lookup-fail:{client}", settings.KORGOO_LOOKUP_FAILURES_PER_CLIENT, window)
    overall = Window("lookup-fail:global", settings.KORGOO_LOOKUP_FAILURES_GLOBAL, window)
    for budget in (per_prefix, per_client, overall):
        if budget.exceeded():
            raise Throttled(budget.retry_after)
    normal = receipts.normalise(raw_receipt[:100])
    digest = crypto.receipt_digest(normal if normal else "malformed:" + raw_receipt[:100])
    report = Report.objects.select_related("case", "case__organisation").filter(receipt_digest=digest).first()
    if report is not None and normal is None:
        report = None
    if report is not None and _expired(report):
        report = None
    if report is None:
        for budget in (per_prefix, per_client, overall):
            budget.hit()
        raise NotFound()
    today = timezone.localdate()
    if report.last_seen_on != today:
        Report.objects.filter(pk=report.pk).update(last_seen_on=today)
        report.last_seen_on = today
    return report


def receipt_inactive_days() -> int:
    """Days without use after which a receipt stops working (KORGOO_RETENTION_INACTIVE_RECEIPT_DAYS)."""
    return max(1, int(settings.KORGOO_RETENTION_INACTIVE_RECEIPT_DAYS))


def receipt_expiry_cutoff() -> dt.date:
    """Receipts last used before this day no longer open anything."""
    return timezone.localdate() - dt.timedelta(days=receipt_inactive_days())


def _expired(report: Report) -> bool:
    """A receipt unused for longer than the retention period answers like an unknown one at once,
    whether or not the retention job has deleted it yet."""
    return report.last_seen_on < receipt_expiry_cutoff()


# --- Worker sessions --------------------------------------------------------------------------------


def _token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def worker_session_open(*, report: Report) -> str:
    token = secrets.token_urlsafe(32)
    WorkerSession.objects.create(
        token_digest=_token_digest(token),
        report=report,
        expires_at=timezone.now() + dt.timedelta(seconds=settings.KORGOO_WORKER_SESSION_SECONDS),
    )
    return token


def worker_session_report(token: str | None) -> Report | None:
    """The report of a live worker session (its idle timeout slides), or None."""
    if not token or len(token) > 100:
        return None
    now = timezone.now()
    session = (
        WorkerSession.objects.select_related("report__case", "report__case__organisation")
        .filter(token_digest=_token_digest(token), expires_at__gt=now)
        .first()
    )
    if session is None:
        return None
    WorkerSession.objects.filter(pk=session.pk).update(
        expires_at=now + dt.timedelta(seconds=settings.KORGOO_WORKER_SESSION_SECONDS)
    )
    return session.report


def worker_session_end(token: str | None) -> None:
    if token:
        WorkerSession.objects.filter(token_digest=_token_digest(token)).delete()


def receipts_forget(*, report_ids: Sequence[Any]) -> dict[str, int]:
    """Delete these receipts' digests, and with them everything that belongs to the worker's side
    only: their worker sessions and the idempotency records that could show the receipt again.

    After this the receipt answers exactly like one that never existed. The case stays with the
    organisation working it. Runs in the caller's transaction; returns how many rows of each went.
    """
    ids = list(report_ids)
    sessions, _rows = WorkerSession.objects.filter(report_id__in=ids).delete()
    records, _rows = IdempotencyRecord.objects.filter(report_id__in=ids).delete()
    reports, _rows = Report.objects.filter(pk__in=ids).delete()
    return {"receipts": reports, "worker_sessions": sessions, "idempotency_records": records}


def purge_expired(*, now: dt.datetime | None = None, dry_run: bool = False) -> dict[str, int]:
    """Remove expired worker sessions and idempotency records (with `dry_run`, only count them)."""
    now = now or timezone.now()
    cutoff = now - dt.timedelta(hours=settings.KORGOO_IDEMPOTENCY_HOURS)
    expired = {
        "worker_sessions": WorkerSession.objects.filter(expires_at__lte=now),
        "idempotency_records": IdempotencyRecord.objects.filter(created_at__lt=cutoff),
    }
    if dry_run:
        return {name: rows.count() for name, rows in expired.items()}
    return {name: rows.delete()[0] for name, rows in expired.items()}


# --- The intake form's anti-automation token -------------------------------------------------------


def form_token_issue() -> str:
    """A signed, timestamped, single-use token embedded in the report form (works without JavaScript)."""
    return signing.dumps(
        {"n": secrets.token_hex(16), "t": int(timezone.now().timestamp())}, salt=FORM_TOKEN_SALT
    )


def form_token_check(token: str) -> str:
    """Check a form token (signature, age, not sooner than a person could fill the form) and return
    its nonce. The nonce is the submission's idempotency key: sending the same form again shows the
    same receipt, sending it with other content is refused."""
    try:
        value = signing.loads(token or "", salt=FORM_TOKEN_SALT, max_age=FORM_TOKEN_MAX_AGE)
        nonce, issued = str(value["n"]), int(value["t"])
    except (signing.BadSignature, KeyError, TypeError, ValueError) as exc:
        raise ApplicationError("form_expired", _("The form has expired. Please send it again.")) from exc
    if timezone.now().timestamp() - issued < settings.KORGOO_INTAKE_FORM_MIN_SECONDS:
        raise ApplicationError("form_too_fast", _("Please check your report and send it again."))
    return nonce


# --- The API's proof-of-work challenge -------------------------------------------------------------
#
# Switched on by KORGOO_INTAKE_CHALLENGE_BITS > 0 (an operator does so during a flood; see ADR 0010).
# The client fetches a signed challenge and finds a proof such that SHA-256("<challenge>:<proof>")
# starts with that many zero bits: about 2**bits hashes for the client, one for the server. The
# challenge's nonce is the report's idempotency key, so one challenge makes one report: resending the
# same request returns the same receipt, other content under it is refused.

CHALLENGE_SALT = "korgoo.intake.challenge"
CHALLENGE_MAX_AGE = 60 * 60
MAX_CHALLENGE_BITS = 32


@dataclass(frozen=True)
class Challenge:
    token: str
    difficulty: int
    expires_in: int


def challenge_bits() -> int:
    return max(0, min(int(settings.KORGOO_INTAKE_CHALLENGE_BITS), MAX_CHALLENGE_BITS))


def challenge_issue(*, bits: int | None = None) -> Challenge:
    """A signed challenge of the difficulty in force (or `bits`, for another door that asks more)."""
    bits = challenge_bits() if bits is None else max(0, min(bits, MAX_CHALLENGE_BITS))
    token = signing.dumps({"n": secrets.token_hex(16), "d": bits}, salt=CHALLENGE_SALT, compress=False)
    return Challenge(token=token, difficulty=bits, expires_in=CHALLENGE_MAX_AGE)


def leading_zero_bits(digest: bytes) -> int:
    bits = 0
    for byte in digest:
        if byte:
            return bits + 8 - byte.bit_length()
        bits += 8
    return bits


def challenge_solve(token: str, difficulty: int) -> str:
    """What a client does (used by tests and the benchmarks): the first counter that satisfies it."""
    counter = 0
    while leading_zero_bits(hashlib.sha256(f"{token}:{counter}".encode()).digest()) < difficulty:
        counter += 1
    return str(counter)


def challenge_check(token: str, proof: str, *, minimum: int = 0) -> str:
    """Check a solved challenge and return its nonce (the report's idempotency key). The difficulty
    asked is the higher of the one the challenge was issued with and the one in force now."""
    try:
        value = signing.loads(token, salt=CHALLENGE_SALT, max_age=CHALLENGE_MAX_AGE)
        nonce, issued_bits = str(value["n"]), int(value["d"])
    except (signing.BadSignature, KeyError, TypeError, ValueError) as exc:
        raise ApplicationError(
            "challenge_expired", _("The challenge has expired or is not valid. Ask for a new one.")
        ) from exc
    required = max(issued_bits, challenge_bits(), minimum)
    proof = proof.strip()
    digest = hashlib.sha256(f"{token}:{proof}".encode()).digest()
    if not (0 < len(proof) <= 64 and proof.isascii()) or leading_zero_bits(digest) < required:
        raise ApplicationError("challenge_unsolved", _("The proof does not solve the challenge."))
    return nonce


# --- What the worker does with their receipt ----------------------------------------------------------


def worker_message_send(*, report: Report, body: str) -> None:
    case_message_from_worker(case=_case(report), body=body)


def worker_info_add(
    *,
    report: Report,
    text: str,
    files: Sequence[CleanFile | Upload],
    keep_originals: bool = False,
    client: str | None = None,
) -> None:
    """The worker adds words or files. Files count against the same per-client budget as reports
    and are decoded only after it let them through."""
    check_upload_sizes([f for f in files if isinstance(f, Upload)])
    if files and client is not None:
        per_client = Window(f"intake:{client}", settings.KORGOO_INTAKE_PER_CLIENT, 3600)
        if per_client.exceeded():
            raise Throttled(per_client.retry_after)
        per_client.hit()
    case_info_add_by_worker(
        case=_case(report), text=text, files=clean_all(files), keep_originals=keep_originals
    )


def worker_consent_withdraw(*, report: Report, kinds: Sequence[str]) -> None:
    case_consent_withdraw(case=_case(report), kinds=kinds)


def worker_consent_restore(*, report: Report) -> None:
    case_consent_restore(case=_case(report))


def worker_close(*, report: Report) -> None:
    case_close_by_worker(case=_case(report))


def _case(report: Report) -> Case:
    return Case.objects.select_related("organisation").get(pk=report.case_id)
