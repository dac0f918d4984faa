"""System checks of the channels: a connected bot must have its webhook secret."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.security)
def webhook_secrets(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """A bot token without a long webhook secret would leave the webhook refusing everything (or,
    with a short secret, guessable); WhatsApp needs its app secret to check signatures."""
    problems: list[checks.CheckMessage] = []
    if settings.KORGOO_TELEGRAM_BOT_TOKEN and len(settings.KORGOO_TELEGRAM_WEBHOOK_SECRET) < 16:
        problems.append(
            checks.Error(
                "KORGOO_TELEGRAM_BOT_TOKEN is set but KORGOO_TELEGRAM_WEBHOOK_SECRET is shorter than 16 characters.",
                hint="Set KORGOO_TELEGRAM_WEBHOOK_SECRET to a long random value (openssl rand -hex 32).",
                id="channels.E001",
            )
        )
    if settings.KORGOO_WHATSAPP_ACCESS_TOKEN and not settings.KORGOO_WHATSAPP_APP_SECRET:
        problems.append(
            checks.Error(
                "KORGOO_WHATSAPP_ACCESS_TOKEN is set but KORGOO_WHATSAPP_APP_SECRET is not.",
                hint="Set the Meta app's secret: every webhook post is checked against it.",
                id="channels.E002",
            )
        )
    return problems
