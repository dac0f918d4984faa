"""Every change to a case, one module per subject. Each service checks permission, validates, writes,
records the timeline and the audit row in the same transaction, and schedules notifications after
commit.

Services that the worker triggers (through the receipt) take no actor: the receipt is the worker's
only credential, checked by `korgoo.intake` before it calls them.

| module | subject |
|---|---|
| `opening` | a worker's report becomes a case |
| `workflow` | triage, suggestions, assignment, status, deadline, closing and reopening |
| `conversation` | messages with the worker, internal notes |
| `worker` | what the worker does through the receipt: add information, consent, close |
| `attachments` | sealed files, their scan, their deletion after commit, the orphan sweep |
| `access` | other organisations' access, granted and removed by referrals |
| `queue` | the coordinators' queue and the routing rules |
| `erasure` | crypto-shredding on withdrawal and at the end of retention |
| `keys` | re-wrapping data keys under the active root key |
| `timeline` | timeline lines, the holder check of a staff write, the audited read |
| `indexing` | blind search tokens of the sealed content |

The rules that need no database are in `korgoo.cases.rules`. Other apps import from this package,
never from its modules.
"""

from __future__ import annotations

from ..rules import NewReport, consent_allows, happened_on_problem, parse_money, validate_report
from .access import case_access_offer, case_access_remove, case_access_take_back, case_access_transfer
from .attachments import (
    attachment_download,
    case_attachment_add_by_staff,
    referenced_sealed_files,
    sealed_files_delete_on_commit,
    sweep_orphan_files,
)
from .conversation import case_message_from_worker, case_message_to_worker, case_note_add
from .erasure import case_contents_erase, cases_anonymise, cases_withdrawn_erase
from .keys import case_keys_rewrap
from .opening import case_open_from_report
from .queue import OutOfScope, case_place_from_queue, routing_rule_create, routing_rule_delete
from .timeline import case_read, record_event
from .worker import case_close_by_worker, case_consent_restore, case_consent_withdraw, case_info_add_by_worker
from .workflow import (
    case_assign,
    case_close,
    case_reopen,
    case_set_deadline,
    case_set_status,
    case_suggestion_decide,
    case_triage,
)

__all__ = [
    "NewReport",
    "OutOfScope",
    "attachment_download",
    "case_access_offer",
    "case_access_remove",
    "case_access_take_back",
    "case_access_transfer",
    "case_assign",
    "case_attachment_add_by_staff",
    "case_close",
    "case_close_by_worker",
    "case_consent_restore",
    "case_consent_withdraw",
    "case_contents_erase",
    "case_info_add_by_worker",
    "case_keys_rewrap",
    "case_message_from_worker",
    "case_message_to_worker",
    "case_note_add",
    "case_open_from_report",
    "case_place_from_queue",
    "case_read",
    "case_reopen",
    "case_set_deadline",
    "case_set_status",
    "case_suggestion_decide",
    "case_triage",
    "cases_anonymise",
    "cases_withdrawn_erase",
    "consent_allows",
    "happened_on_problem",
    "parse_money",
    "record_event",
    "referenced_sealed_files",
    "routing_rule_create",
    "routing_rule_delete",
    "sealed_files_delete_on_commit",
    "sweep_orphan_files",
    "validate_report",
]
