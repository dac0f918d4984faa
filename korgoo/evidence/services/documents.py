"""PDF documents: the evidence bundle and the draft letters, and checking a document later.

Documents are made with WeasyPrint from templates in ``evidence/pdf/``. They load nothing from
anywhere: photos are embedded as ``data:`` URIs, fonts are the system's DejaVu (which carries ң ө ү),
and the URL fetcher refuses every other scheme.

The text of a document is fixed by what it is, not by the reader's language: letters to an employer,
an inspectorate or a court are in Russian; the evidence bundle is in Russian and Kyrgyz side by side.

Each document gets a verification code printed on every page: an HMAC, under a key outside the
database, of the document's id and the digest of its content. The server keeps only the document's
SHA-256, the code's keyed digest and the diary's head at that moment, never the file; ``verify``
checks a code or a file against that record and re-checks the diary chain behind it.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import io
import json
import logging
import re
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from korgoo.audit.services import audit_record
from korgoo.cases import vault
from korgoo.cases.models import Case
from korgoo.core import crypto
from korgoo.core.actor import Actor
from korgoo.core.choices import currency_of

from .. import texts
from ..calculators.legal_time import Period, Unit, period_end, production_calendar
from ..models import Author, DocumentKind, GeneratedDocument
from .diary import DiaryCheck, diary_verify

# WeasyPrint reports every rendering step at INFO; only its warnings belong in the logs.
logging.getLogger("weasyprint").setLevel(logging.WARNING)
logging.getLogger("fontTools").setLevel(logging.WARNING)

CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 20
CODE_PATTERN = re.compile(r"KG-([0-9A-Z]{4}(?:-[0-9A-Z]{4}){4})")

TEMPLATES = {
    DocumentKind.EVIDENCE_BUNDLE: "evidence/pdf/evidence_bundle.html",
    DocumentKind.DEMAND_LETTER: "evidence/pdf/demand_letter.html",
    DocumentKind.INSPECTORATE_COMPLAINT: "evidence/pdf/inspectorate_complaint.html",
    DocumentKind.STATEMENT_OF_CLAIM: "evidence/pdf/statement_of_claim.html",
}
FILENAMES = {
    DocumentKind.EVIDENCE_BUNDLE: "dokazatelstva",
    DocumentKind.DEMAND_LETTER: "pretenziya",
    DocumentKind.INSPECTORATE_COMPLAINT: "zhaloba-v-inspektsiyu",
    DocumentKind.STATEMENT_OF_CLAIM: "iskovoe-zayavlenie",
}


# --- Codes -----------------------------------------------------------------------------------------------


def _base32(data: bytes, length: int) -> str:
    number = int.from_bytes(data, "big")
    chars = []
    for _ in range(length):
        number, rest = divmod(number, 32)
        chars.append(CODE_ALPHABET[rest])
    return "".join(chars)


def make_code(document_id: uuid.UUID, content_digest: str) -> str:
    """The printed code: 100 bits of HMAC(key, id + content digest), in five groups of four."""
    mac = hmac.new(
        crypto.purpose_key("evidence-document-code"),
        f"{document_id}:{content_digest}".encode(),
        hashlib.sha256,
    ).digest()
    raw = _base32(mac, CODE_LENGTH)
    return "-".join(raw[i : i + 4] for i in range(0, CODE_LENGTH, 4))


def normalise_code(text: str) -> str:
    """Upper case, without spaces, dashes or the KG- prefix; O read as 0, I and L as 1."""
    cleaned = (text or "").upper().strip()
    cleaned = cleaned.removeprefix("KG-").removeprefix("KG ")
    cleaned = cleaned.replace("O", "0").replace("I", "1").replace("L", "1")
    cleaned = re.sub(r"[\s\-]", "", cleaned)
    return cleaned[:40]


def code_digest(code: str) -> str:
    return crypto.keyed_digest(crypto.purpose_key("evidence-document-lookup"), normalise_code(code))


# --- What goes into a document ---------------------------------------------------------------------------


@dataclass
class Party:
    """Names and places a letter is filled with; an empty value is printed as a marked blank."""

    worker_name: str = ""
    employer: str = ""
    city: str = ""
    country: str = ""
    contract: str = ""  # "yes", "no", or "" when not known


@dataclass
class DocumentInput:
    case: Case
    kind: str
    diary: list[Any]  # DiaryLine
    calculations: dict[str, Any]  # kind -> SavedCalculation
    messages: list[dict[str, Any]] = field(default_factory=list)
    photos: dict[Any, bytes] = field(default_factory=dict)
    party: Party = field(default_factory=Party)


def _money(value: Decimal) -> str:
    return f"{value:,.2f}".replace(",", " ")


def diary_summary(lines: list[Any]) -> dict[str, Any]:
    """Totals of the diary: days, hours and pay by currency. An entry corrected by a later one counts
    only through its correction."""
    corrected = {line.content.get("corrects") for line in lines if line.content.get("corrects")}
    effective = [line for line in lines if line.seq not in corrected]
    agreed: dict[str, Decimal] = defaultdict(Decimal)
    received: dict[str, Decimal] = defaultdict(Decimal)
    hours = Decimal(0)
    days = set()
    for line in effective:
        content = line.content
        days.add(content.get("work_date"))
        if content.get("hours"):
            hours += Decimal(content["hours"])
        currency = content.get("currency") or "RUB"
        if content.get("pay_agreed"):
            agreed[currency] += Decimal(content["pay_agreed"])
        if content.get("pay_received"):
            received[currency] += Decimal(content["pay_received"])
    money = [
        {
            "currency": currency,
            "agreed": _money(agreed[currency]),
            "received": _money(received[currency]),
            "difference": _money(agreed[currency] - received[currency]),
            "difference_value": agreed[currency] - received[currency],
        }
        for currency in sorted(set(agreed) | set(received))
    ]
    dates = sorted(d for d in days if d)
    return {
        "entries": len(lines),
        "days": len(dates),
        "hours": f"{hours:.2f}",
        "first": dates[0] if dates else "",
        "last": dates[-1] if dates else "",
        "money": money,
        "late": sum(1 for line in lines if line.late),
        "by_organisation": sum(1 for line in lines if line.author == Author.ORGANISATION),
    }


def _calculation_context(saved: Any) -> dict[str, Any]:
    result = saved.result
    sources = [{**source, "citation": texts.ru_citation(source)} for source in result.get("sources", [])]
    return {
        "id": saved.id,
        "kind": saved.kind,
        "created_at": saved.created_at,
        "input": saved.input,
        "result": result,
        "details": saved.details,
        "sources": sources,
        "unconfirmed": [s for s in sources if not s.get("confirmed")],
    }


def claim_amounts(data: DocumentInput) -> dict[str, Any]:
    """The sums a letter demands: wages owed (from a saved calculation, or else from the diary when it
    is kept in one currency) and compensation for late payment."""
    currency = currency_of(data.case.country)
    wages = wages_from = compensation = None
    as_of = ""
    unpaid = data.calculations.get("unpaid_wages")
    late = data.calculations.get("late_payment")
    if unpaid is not None and Decimal(unpaid.result.get("owed", "0")) > 0:
        wages, wages_from, currency = unpaid.result["owed"], "calculation", unpaid.result["currency"]
    elif late is not None and late.details and Decimal(late.details.get("outstanding", "0")) > 0:
        wages, wages_from, currency = late.details["outstanding"], "late_payment", late.result["currency"]
    else:
        money = diary_summary(data.diary)["money"]
        if len(money) == 1 and money[0]["difference_value"] > 0:
            wages, wages_from, currency = f"{money[0]['difference_value']:.2f}", "diary", money[0]["currency"]
    if late is not None:
        compensation = late.result.get("compensation")
        as_of = late.details.get("as_of", "") if late.details else ""
    total = None
    if wages is not None or compensation is not None:
        total = f"{Decimal(wages or '0') + Decimal(compensation or '0'):.2f}"
    due = late.details.get("due_date", "") if late is not None and late.details else ""
    return {
        "limitation_end": _wage_claim_end(data.case.country, due),
        "wages": wages,
        "wages_from": wages_from,
        "compensation": compensation,
        "as_of": as_of,
        "total": total,
        "currency": currency,
        "due_date": due,
    }


def _wage_claim_end(country: str, due: str) -> str:
    """The legal last day of the one-year wage claim from payday ``due`` (RU art. 392(2) counted under
    art. 14; KZ art. 160), as a letter states it; "" without a payday."""
    if not due:
        return ""
    calendar = production_calendar("KZ" if country == "KZ" else "RU")
    return period_end(calendar, dt.date.fromisoformat(due), Period(1, Unit.YEARS)).last_day.isoformat()


def _fingerprint(data: DocumentInput, check: DiaryCheck, generated_on: str) -> dict[str, Any]:
    """Everything the document states, in a canonical form: its digest is what the code seals."""
    return {
        "kind": data.kind,
        "case": str(data.case.pk),
        "generated_on": generated_on,
        "party": {
            "worker_name": data.party.worker_name,
            "employer": data.party.employer,
            "city": data.party.city,
            "country": data.party.country,
            "contract": data.party.contract,
        },
        "diary": [[line.seq, line.hash] for line in data.diary],
        "diary_head": check.head,
        "diary_ok": check.ok,
        "calculations": {kind: saved.result for kind, saved in sorted(data.calculations.items())},
        "messages": [
            [m["at"].isoformat(), m["sender"], hashlib.sha256(m["body"].encode()).hexdigest()]
            for m in data.messages
        ],
        "photos": sorted(hashlib.sha256(blob).hexdigest() for blob in data.photos.values()),
    }


FACTS_PURPOSE = "document_facts"


def _facts(
    data: DocumentInput, claim: dict[str, Any], summary: dict[str, Any], generated_on: str
) -> dict[str, Any]:
    """What a reader compares with the paper: for whom and to whom it was made, where, the period of
    the diary behind it and the sums it states."""
    amounts = {key: claim[key] for key in ("wages", "compensation", "total") if claim.get(key) is not None}
    if data.kind == DocumentKind.EVIDENCE_BUNDLE:
        amounts = {}
        money = [m for m in summary["money"] if m["difference_value"] > 0]
        if len(money) == 1:
            amounts = {"wages": f"{money[0]['difference_value']:.2f}"}
            claim = {**claim, "currency": money[0]["currency"]}
    return {
        "generated_on": generated_on,
        "worker": data.party.worker_name,
        "addressee": data.party.employer,
        "city": data.party.city,
        "country": data.party.country or data.case.country,
        "first": summary["first"],
        "last": summary["last"],
        "entries": summary["entries"],
        "amounts": amounts,
        "currency": claim.get("currency", "") if amounts else "",
    }


def _render_pdf(html: str) -> tuple[bytes, int]:
    from weasyprint import HTML  # noqa: PLC0415 - a heavy library, loaded only when this runs
    from weasyprint.urls import URLFetcher  # noqa: PLC0415 - a heavy library, loaded only when this runs

    fetcher = URLFetcher(allowed_protocols={"data"})
    document = HTML(string=html, url_fetcher=fetcher).render()
    return document.write_pdf(), len(document.pages)


def verify_url() -> str:
    """The verification page printed on documents, from the configured public address; "" when no
    public address is configured (a document then names the page without an address)."""
    public = str(getattr(settings, "KORGOO_PUBLIC_URL", "") or "").strip().rstrip("/")
    return f"{public}/ru/verify/" if public else ""


@dataclass(frozen=True)
class Generated:
    record: GeneratedDocument
    pdf: bytes
    filename: str
    code: str


@transaction.atomic
def document_generate(*, data: DocumentInput, actor: Actor | None) -> Generated:
    """Render one document of a case, record its digest and code, and audit it in the same transaction.

    The caller has already decided that the reader may see everything in ``data`` (``korgoo.evidence``
    views and commands do it through ``korgoo.cases`` selectors, or through the worker's session).
    """
    kind = DocumentKind(data.kind)
    check, _hashes = diary_verify(data.case)
    now = timezone.now()
    generated_on = timezone.localdate().isoformat()
    fingerprint = _fingerprint(data, check, generated_on)
    content_digest = hashlib.sha256(
        json.dumps(
            fingerprint, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str
        ).encode()
    ).hexdigest()
    document_id = uuid.uuid4()
    code = make_code(document_id, content_digest)
    claim = claim_amounts(data)
    summary = diary_summary(data.diary)
    context = {
        "kind": kind,
        "case": data.case,
        "ref": data.case.short_ref,
        "today": timezone.localdate(),
        "now": now,
        "code": code,
        "verify_url": verify_url(),
        "verify_path": "/ru/verify/",
        "party": data.party,
        "country": data.case.country,
        "diary": data.diary,
        "summary": summary,
        "check": check,
        "messages": data.messages,
        "photos": [
            {
                "seq": line.seq,
                "sha256": photo.sha256,
                "filename": photo.filename,
                "src": f"data:{photo.content_type};base64,{base64.b64encode(data.photos[photo.id]).decode()}",
            }
            for line in data.diary
            for photo in line.photos
            if photo.id in data.photos
        ],
        "calculations": {kind_: _calculation_context(saved) for kind_, saved in data.calculations.items()},
        "claim": claim,
    }
    facts = _facts(data, claim, summary, generated_on)
    with translation.override("ru"):
        html = render_to_string(TEMPLATES[kind], context)
    pdf, pages = _render_pdf(html)
    record = GeneratedDocument(
        id=document_id,
        case=data.case,
        kind=kind,
        author=Author.WORKER if actor is None else Author.ORGANISATION,
        organisation=actor.organisation if actor else None,
        member=actor.membership if actor else None,
        code_digest=code_digest(code),
        content_digest=content_digest,
        file_sha256=hashlib.sha256(pdf).hexdigest(),
        size=len(pdf),
        pages=pages,
        diary_seq=check.entries,
        diary_head=check.head,
        sealed_facts=vault.seal_body(
            data.case, FACTS_PURPOSE, document_id, json.dumps(facts, ensure_ascii=False)
        ),
        created_at=now,
    )
    record.save(force_insert=True)
    audit_record(
        actor=actor,
        action="evidence.document_generated",
        object_type="case",
        object_id=data.case.pk,
        organisation_id=data.case.organisation_id if actor is None else None,
        details={
            "kind": str(kind),
            "document": str(document_id),
            "sha256": record.file_sha256,
            "diary_seq": check.entries,
            "by": "worker" if actor is None else "organisation",
        },
    )
    filename = f"korgoo-{FILENAMES[kind]}-{data.case.short_ref}-{generated_on}.pdf"
    return Generated(record=record, pdf=pdf, filename=filename, code=code)


# --- Verification ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Verification:
    """What the server can say about a document: ``genuine`` (this exact file, or a valid code),
    ``altered`` (its code is known but the file is not the one issued), or ``unknown``.

    ``diary_intact`` tells whether the diary entries the document was made from are still the same
    on the server (None when the case's content was erased, or the document had no diary).
    """

    status: str
    document: GeneratedDocument | None = None
    diary_intact: bool | None = None
    by_file: bool = False

    @property
    def facts(self) -> dict[str, Any] | None:
        """The document's key facts; None when it has none recorded, or its case's content is erased
        or withdrawn by the worker."""
        return document_facts(self.document) if self.document is not None else None


def document_facts(record: GeneratedDocument) -> dict[str, Any] | None:
    case = record.case
    if not record.sealed_facts or case.content_erased or case.is_withdrawn or not case.wrapped_key:
        return None
    opened: dict[str, Any] = json.loads(
        vault.open_body(case, FACTS_PURPOSE, record.pk, bytes(record.sealed_facts))
    )
    return opened


def _diary_still_intact(record: GeneratedDocument) -> bool | None:
    case = record.case
    if case.content_erased or not case.wrapped_key:
        return None
    if record.diary_seq == 0:
        return None
    _check, hashes = diary_verify(case)
    return hashes.get(record.diary_seq) == record.diary_head


def _recheck_code(record: GeneratedDocument, code: str) -> bool:
    expected = make_code(record.id, record.content_digest)
    return hmac.compare_digest(normalise_code(expected), normalise_code(code))


def document_verify_code(code: str) -> Verification:
    """A code typed from a document: which document it belongs to, and whether its diary still holds."""
    normal = normalise_code(code)
    if len(normal) != CODE_LENGTH or any(c not in CODE_ALPHABET for c in normal):
        return Verification(status="unknown")
    record = GeneratedDocument.objects.select_related("case").filter(code_digest=code_digest(normal)).first()
    if record is None or not _recheck_code(record, normal):
        return Verification(status="unknown")
    return Verification(status="genuine", document=record, diary_intact=_diary_still_intact(record))


def printed_code(pdf: bytes) -> str:
    """The verification code printed in a PDF, read back from its text ("" if none is found)."""
    from pypdf import PdfReader  # noqa: PLC0415 - a heavy library, loaded only when this runs

    try:
        reader = PdfReader(io.BytesIO(pdf))
        text = " ".join((page.extract_text() or "") for page in reader.pages[:3])
    except Exception:  # any parser failure: the file is not one of ours
        return ""
    found = CODE_PATTERN.search(text.replace("\n", " "))
    return found.group(1) if found else ""


def document_verify_file(pdf: bytes) -> Verification:
    """A file: genuine if it is byte for byte a document the server issued; altered if it carries a
    known code but differs from the file issued under it."""
    digest = hashlib.sha256(pdf).hexdigest()
    record = GeneratedDocument.objects.select_related("case").filter(file_sha256=digest).first()
    if record is not None:
        return Verification(
            status="genuine", document=record, diary_intact=_diary_still_intact(record), by_file=True
        )
    code = printed_code(pdf)
    if code:
        by_code = document_verify_code(code)
        if by_code.document is not None:
            return Verification(
                status="altered", document=by_code.document, diary_intact=by_code.diary_intact, by_file=True
            )
    return Verification(status="unknown", by_file=True)


def fmt_date(value: str | dt.date) -> str:
    """A date as Russian documents write it: 15.03.2025."""
    day = value if isinstance(value, dt.date) else dt.date.fromisoformat(value)
    return day.strftime("%d.%m.%Y")
