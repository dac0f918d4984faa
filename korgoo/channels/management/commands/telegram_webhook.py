"""`korgoo telegram_webhook set|delete|info`: register the webhook with the Bot API.

`set` gives Telegram the address `KORGOO_BASE_URL/channels/telegram/webhook/` (or `--url`) and the
secret `KORGOO_TELEGRAM_WEBHOOK_SECRET`, which Telegram sends back in every update's
`X-Telegram-Bot-Api-Secret-Token` header; only messages and button presses are asked for. Running it
again changes nothing. The token and the secret are never printed.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.urls import reverse

from korgoo.channels.providers.base import ProviderRefused, ProviderUnavailable
from korgoo.channels.providers.telegram import BotApi


class Command(BaseCommand):
    help = "Register (set), remove (delete) or show (info) the Telegram webhook."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["set", "delete", "info"])
        parser.add_argument(
            "--url", default="", help="The public address of the webhook (default: from KORGOO_BASE_URL)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.KORGOO_TELEGRAM_BOT_TOKEN:
            raise CommandError("KORGOO_TELEGRAM_BOT_TOKEN is not set.")
        api = BotApi()
        try:
            if options["action"] == "set":
                secret = settings.KORGOO_TELEGRAM_WEBHOOK_SECRET
                if len(secret) < 16:
                    raise CommandError("KORGOO_TELEGRAM_WEBHOOK_SECRET must be set (at least 16 characters).")
                url = options["url"] or str(settings.KORGOO_BASE_URL).rstrip("/") + reverse(
                    "channel_hooks:telegram"
                )
                if not url.startswith("https://"):
                    raise CommandError("The Bot API sends updates only to an https:// address.")
                api.call(
                    "setWebhook",
                    url=url,
                    secret_token=secret,
                    allowed_updates=["message", "callback_query"],
                    drop_pending_updates=False,
                )
                self.stdout.write(f"webhook set: {url}")
            elif options["action"] == "delete":
                api.call("deleteWebhook", drop_pending_updates=False)
                self.stdout.write("webhook deleted")
            else:
                info = api.call("getWebhookInfo") or {}
                for key in ("url", "pending_update_count", "last_error_date", "last_error_message"):
                    if key in info:
                        self.stdout.write(f"{key}: {info[key]}")
        except (ProviderUnavailable, ProviderRefused) as error:
            raise CommandError(f"The Bot API refused or could not be reached ({error}).") from None
