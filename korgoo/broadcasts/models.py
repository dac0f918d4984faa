"""Broadcasts: one alert from the network to every worker who asked for alerts for a city.

The text is public by nature (it is shown on the worker home page too), so it is kept in the
clear, in each language the coordinator wrote. Who received it is never kept: only how many chats
it was queued for, and how many were held back (WhatsApp outside its 24-hour window).
"""

from __future__ import annotations

from django.db import models

from korgoo.core.choices import Country
from korgoo.core.gazetteer import locality_name
from korgoo.core.models import PublicModel
from korgoo.organisations.models import Membership, Organisation

from .choices import AlertKind


class Broadcast(PublicModel):
    """An alert sent by a network coordinator to a country, or one city of it."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="broadcasts")
    sent_by = models.ForeignKey(Membership, on_delete=models.SET_NULL, null=True, related_name="+")
    kind = models.CharField(max_length=20, choices=AlertKind.choices)
    country = models.CharField(max_length=2, choices=Country.choices)
    locality_id = models.PositiveIntegerField(null=True, blank=True)  # empty: the whole country
    text_ky = models.TextField(blank=True)
    text_ru = models.TextField(blank=True)
    text_en = models.TextField(blank=True)
    sent_at = models.DateTimeField()
    show_until = models.DateTimeField()  # on the worker home page until then
    queued = models.PositiveIntegerField(default=0)
    held_back = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [
            models.Index(fields=["-sent_at"], name="broadcast_recent"),
            models.Index(fields=["country", "locality_id", "show_until"], name="broadcast_place"),
        ]

    def text_in(self, language: str) -> str:
        """The text in `language`, else Kyrgyz, Russian, English: the first one written."""
        order = [language, "ky", "ru", "en"]
        return next(
            (getattr(self, f"text_{code}") for code in order if getattr(self, f"text_{code}", "")), ""
        )

    @property
    def city_name(self) -> str:
        return locality_name(self.locality_id)
