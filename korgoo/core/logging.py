"""Structured logs with no personal data.

`ScrubFilter` drops the request object that Django attaches to log records (it carries the client
address and headers) and masks anything that looks like a receipt; `JsonFormatter` writes one JSON
object per line with only the message, level, logger and time.
"""

from __future__ import annotations

import json
import logging
import re

_LONG_DIGITS = re.compile(r"(?:\d[\s-]?){12,}")
_IPV4 = re.compile(r"\b\d{1,3}(?:\.\d{1,3}){3}\b")


def scrub(text: str) -> str:
    return _IPV4.sub("[address]", _LONG_DIGITS.sub("[digits]", text))


class ScrubFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if hasattr(record, "request"):
            record.request = None
        record.msg = scrub(record.getMessage())
        record.args = ()
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        payload = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info:
            payload["error"] = record.exc_info[0].__name__ if record.exc_info[0] else "error"
        return json.dumps(payload, ensure_ascii=False)
