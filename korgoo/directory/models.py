"""The directory of help: places a worker can turn to, and the shared catalogue of services.

Names and opening hours are content, kept in translation tables (one row per language) with the
fallback of `korgoo.core.i18n`. Nothing here belongs to one organisation's tenancy: the
directory is public. An organisation of the network may keep its own entry (`Place.organisation`);
every other entry comes from the directory files and is changed only by importing them again.
"""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.utils.translation import gettext_lazy as _

from korgoo.core.choices import Country
from korgoo.core.models import PublicModel
from korgoo.organisations.models import Organisation

from .choices import Origin, PlaceKind, Spoken


class City(models.Model):
    """A city where places of help are, named by a stable slug (`yekaterinburg`)."""

    slug = models.SlugField(max_length=80, unique=True)
    country = models.CharField(_("country"), max_length=2, choices=Country.choices)
    # The same city in the gazetteer (its GeoNames id): its name is then shown from there, in the
    # page's language, like every other city label of Korgoo.
    locality_id = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["country", "slug"]
        indexes = [models.Index(fields=["country", "slug"], name="directory_city_country")]
        verbose_name = _("city")
        verbose_name_plural = _("cities")

    def __str__(self) -> str:
        return self.slug


class CityTranslation(models.Model):
    city = models.ForeignKey(City, on_delete=models.CASCADE, related_name="translations")
    language = models.CharField(max_length=8)
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["city", "language"], name="directory_city_translation_unique")
        ]


class Service(models.Model):
    """One service of the shared catalogue (the "single standardised package of services"), kept by
    coordinators. Places choose their services from it, so the coverage matrix can compare cities."""

    code = models.SlugField(max_length=60, unique=True)
    order = models.PositiveIntegerField(default=100)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("service")
        verbose_name_plural = _("services")

    def __str__(self) -> str:
        return self.code


class ServiceTranslation(models.Model):
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="translations")
    language = models.CharField(max_length=8)
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["service", "language"], name="directory_service_translation_unique"
            )
        ]


class Place(PublicModel):
    """A place of help: an embassy or consulate, an NGO, a union, a crisis centre, a clinic…

    `woman_available` and `free_of_charge` are yes, no or not known (null). A phone number is shown
    only for a confirmed entry (or in demo data, which says that it is demo data): the directory
    publishes no number nobody has checked.
    """

    key = models.SlugField(max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=32, choices=PlaceKind.choices)
    kind_rank = models.PositiveSmallIntegerField(default=0)
    country = models.CharField(_("country"), max_length=2, choices=Country.choices)
    city = models.ForeignKey(City, on_delete=models.PROTECT, null=True, blank=True, related_name="places")
    organisation = models.OneToOneField(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="directory_entry"
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    phone = models.CharField(_("phone"), max_length=60, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)
    whatsapp = models.CharField("WhatsApp", max_length=60, blank=True)
    telegram = models.CharField("Telegram", max_length=60, blank=True)
    woman_available = models.BooleanField(
        _("a woman lawyer or caseworker is available"), null=True, blank=True
    )
    free_of_charge = models.BooleanField(_("free of charge"), null=True, blank=True)
    confirmed = models.BooleanField(_("confirmed"), default=False)
    source = models.CharField(_("source"), max_length=500, blank=True)
    source_url = models.URLField(_("source page"), max_length=500, blank=True)
    checked_on = models.DateField(_("checked on"), null=True, blank=True)
    origin = models.CharField(max_length=20, choices=Origin.choices, default=Origin.FILE)
    source_file = models.CharField(max_length=100, blank=True)
    is_demo = models.BooleanField(default=False)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["kind_rank", "key"]
        indexes = [
            models.Index(
                fields=["is_active", "country", "city", "kind_rank", "key"], name="directory_place_where"
            ),
            models.Index(fields=["is_active", "kind_rank", "key"], name="directory_place_list"),
            models.Index(fields=["is_active", "woman_available"], name="directory_place_woman"),
        ]
        verbose_name = _("place of help")
        verbose_name_plural = _("places of help")

    def __str__(self) -> str:
        return self.key

    @property
    def shows_phone(self) -> bool:
        return bool(self.phone) and (
            bool(self.source_url) or self.is_demo or self.organisation_id is not None
        )

    def is_stale(self, today: dt.date, months: int) -> bool:
        """Checked longer than `months` ago (or never): the page says it is due for a check."""
        if self.is_demo:
            return False
        if self.checked_on is None:
            return True
        return (today.year - self.checked_on.year) * 12 + today.month - self.checked_on.month > months


class PlaceTranslation(models.Model):
    place = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="translations")
    language = models.CharField(max_length=8)
    name = models.CharField(_("name"), max_length=300)
    hours = models.CharField(_("opening hours"), max_length=200, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["place", "language"], name="directory_place_translation_unique")
        ]


class PlaceService(models.Model):
    place = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="place_services")
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="place_services")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["place", "service"], name="directory_place_service_unique")
        ]
        indexes = [models.Index(fields=["service", "place"], name="directory_service_places")]


class PlaceLanguage(models.Model):
    place = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="languages")
    language = models.CharField(max_length=8, choices=Spoken.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["place", "language"], name="directory_place_language_unique")
        ]
        indexes = [models.Index(fields=["language", "place"], name="directory_language_places")]
