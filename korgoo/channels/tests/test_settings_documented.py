"""Every variable the channels read is listed in .env.example and described in operations.md."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[3]


def test_every_channel_variable_is_documented() -> None:
    settings_text = (ROOT / "korgoo/config/settings/base.py").read_text()
    start = settings_text.index("# Messenger channels")
    read = set(re.findall(r'env_(?:str|int)\("(KORGOO_[A-Z_]+)"', settings_text[start:]))
    assert {"KORGOO_TELEGRAM_BOT_TOKEN", "KORGOO_TELEGRAM_WEBHOOK_SECRET", "KORGOO_TELEGRAM_API_BASE"} <= read
    example = (ROOT / ".env.example").read_text()
    operations = (ROOT / "docs/operations.md").read_text()
    assert [name for name in sorted(read) if f"\n{name}=" not in example] == []
    assert [name for name in sorted(read) if f"| `{name}` |" not in operations] == []


def test_a_bot_without_a_webhook_secret_fails_the_system_check(settings: Any) -> None:
    from korgoo.channels.checks import webhook_secrets

    settings.KORGOO_TELEGRAM_BOT_TOKEN = "123:abc"
    settings.KORGOO_TELEGRAM_WEBHOOK_SECRET = "short"
    assert [problem.id for problem in webhook_secrets()] == ["channels.E001"]
    settings.KORGOO_TELEGRAM_WEBHOOK_SECRET = "a" * 32
    assert webhook_secrets() == []
    settings.KORGOO_WHATSAPP_ACCESS_TOKEN = "token"
    settings.KORGOO_WHATSAPP_APP_SECRET = ""
    assert [problem.id for problem in webhook_secrets()] == ["channels.E002"]
