"""The words of messenger channels: providers, the steps of a conversation, delivery states."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Provider(models.TextChoices):
    TELEGRAM = "telegram", "Telegram"
    WHATSAPP = "whatsapp", "WhatsApp"
    SMS = "sms", _("SMS")
    SIMULATOR = "simulator", _("Chat simulation")


class Step(models.TextChoices):
    """Where a conversation stands: what the next message or button of the worker answers."""

    LANGUAGE = "language"
    MENU = "menu"
    CATEGORIES = "categories"
    COUNTRY = "country"
    CITY = "city"
    STORY = "story"
    SHARE = "share"
    CONSULATE = "consulate"
    CONFIRM = "confirm"
    RECEIPT_SHOWN = "receipt_shown"
    LINK_OFFER = "link_offer"
    QUIET_HOURS = "quiet_hours"
    TRACK_RECEIPT = "track_receipt"
    TRACKING = "tracking"
    TRACK_REPLY = "track_reply"
    TRACK_ADD = "track_add"
    HOME_REGION = "home_region"
    AGENCY = "agency"


class Delivery(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SENT = "sent", _("Delivered")
    FAILED = "failed", _("Failed")
