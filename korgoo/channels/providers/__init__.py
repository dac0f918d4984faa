"""Provider adapters, one per messenger, behind the interface of `base`."""

from __future__ import annotations

from .base import Adapter


def adapter_for(provider: str) -> Adapter:
    """The adapter of a provider, configured from the settings."""
    if provider == "telegram":
        from .telegram import TelegramAdapter

        return TelegramAdapter()
    if provider == "whatsapp":
        from .whatsapp import WhatsAppAdapter

        return WhatsAppAdapter()
    if provider == "sms":
        from .sms import SmsAdapter

        return SmsAdapter()
    if provider == "simulator":
        from .simulator import SimulatorAdapter

        return SimulatorAdapter()
    raise LookupError(provider)
