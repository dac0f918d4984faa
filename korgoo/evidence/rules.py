"""Rules of the evidence that need no database."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

#: An entry received this long after the day it describes is shown as written later.
LATE_AFTER = dt.timedelta(days=2)


def is_late(work_date: str, received_at: dt.datetime) -> bool:
    """Whether an entry arrived well after the day it describes (shown as written later)."""
    try:
        day = dt.date.fromisoformat(work_date)
    except ValueError:
        return False
    return timezone.localtime(received_at).date() - day > LATE_AFTER
