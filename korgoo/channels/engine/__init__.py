"""The conversation engine: one state machine for every messenger.

It reads an `Incoming` message, moves the chat's `Conversation` to its next step and says what the
bot answers. Its rules are the web intake's and tracking's own: the report is made by
`intake.services.report_submit` and validated by `cases.services.validate_report`, the receipt is
checked by `intake.services.report_find` (same throttles, same answer for every wrong code), the
worker's messages and additions go through `intake.services.worker_message_send` and
`worker_info_add`, the status and messages come from `cases.selectors.case_worker_view`, the
articles from `knowledge.selectors`. The questions are the report form's own words.

Safety: the receipt is shown once and its message deleted when the worker says they saved it; a
typed receipt is deleted from the chat at once; `/stop` or «стоп» ends the conversation, deletes
the messages the bot knows of and forgets the chat; a chat not linked to a report is forgotten when
its conversation ends.
"""

from __future__ import annotations

from .dispatch import (
    STEPS,
    handle,
)
from .menu import (
    PLACE_COUNTRIES,
)
from .turn import (
    CANNOT_DELETE,
    CHECKED,
    LANGUAGE_PROMPT,
    LANGUAGES,
    QUIET,
    STOP_WORDS,
    Turn,
)

__all__ = [
    "CANNOT_DELETE",
    "CHECKED",
    "LANGUAGES",
    "LANGUAGE_PROMPT",
    "PLACE_COUNTRIES",
    "QUIET",
    "STEPS",
    "STOP_WORDS",
    "Turn",
    "handle",
]
