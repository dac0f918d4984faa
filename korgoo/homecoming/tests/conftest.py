"""The local fake of the Telegram Bot API, shared with the channels' own tests."""

from korgoo.channels.tests.conftest import bot_api, chat  # noqa: F401 - fixtures
