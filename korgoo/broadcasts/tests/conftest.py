"""The local fakes of the providers, shared with the channels' own tests."""

from korgoo.channels.tests.conftest import bot_api, chat  # noqa: F401 - fixtures
from korgoo.channels.tests.test_whatsapp_sms import gateway, graph  # noqa: F401 - fixtures
