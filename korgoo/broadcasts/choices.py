"""The kinds of alert a network coordinator sends to many workers at once."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AlertKind(models.TextChoices):
    RAID = "raid", _("Mass raid")
    RULE_CHANGE = "rule_change", _("A rule changed")
    CONSULAR_CLOSURE = "consular_closure", _("Consulate closed")
    OTHER = "other", _("Other warning")
