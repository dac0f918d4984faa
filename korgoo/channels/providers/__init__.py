"""Provider adapters, one per messenger, behind the interface of `base`."""

from __future__ import annotations

from .base import Adapter


def adapter_for(provider: str) -> Adapter:
    """The adapter of a provider, configured from the settings."""
    if provider == "telegram":
        from .telegram import TelegramAdapter  # noqa: PLC0415 - adapters import the services that ask for them

        return TelegramAdapter()
    if provider == "whatsapp":
        from .whatsapp import WhatsAppAdapter  # noqa: PLC0415 - adapters import the services that ask for them

        return WhatsAppAdapter()
    if provider == "sms":
        from .sms import SmsAdapter  # noqa: PLC0415 - adapters import the services that ask for them

        return SmsAdapter()
    if provider == "simulator":
        from .simulator import SimulatorAdapter  # noqa: PLC0415 - adapters import the services that ask for them

        return SimulatorAdapter()
    raise LookupError(provider)
