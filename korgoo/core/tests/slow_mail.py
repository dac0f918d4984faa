"""A file mail backend that takes its time, so that a test can kill the sender mid-batch."""

from __future__ import annotations

import os
import time
from typing import Any

from django.core.mail.backends.filebased import EmailBackend


class SlowFileBackend(EmailBackend):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["file_path"] = os.environ["KORGOO_TEST_MAIL_DIR"]
        super().__init__(*args, **kwargs)

    def send_messages(self, email_messages: Any) -> int:
        time.sleep(0.1)
        return super().send_messages(email_messages)
