"""The words of a worker's return home: the regions of Kyrgyzstan and the steps of a wage claim
that the host-country organisation keeps."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Region(models.TextChoices):
    """The regions of Kyrgyzstan (its seven oblasts and the two cities of national significance):
    where a returned worker lives, and which regions an organisation at home serves."""

    BISHKEK = "bishkek", _("Bishkek city")
    OSH_CITY = "osh_city", _("Osh city")
    BATKEN = "batken", _("Batken region")
    CHUY = "chuy", _("Chuy region")
    ISSYK_KUL = "issyk_kul", _("Issyk-Kul region")
    JALAL_ABAD = "jalal_abad", _("Jalal-Abad region")
    NARYN = "naryn", _("Naryn region")
    OSH = "osh", _("Osh region")
    TALAS = "talas", _("Talas region")


class ClaimStep(models.TextChoices):
    """Where the wage claim stands, as the host-country organisation that keeps it records it."""

    POWER_OF_ATTORNEY = "power_of_attorney", _("Power of attorney received")
    DEMAND_SENT = "demand_sent", _("Written demand sent to the employer")
    INSPECTION = "inspection", _("Complaint to the labour inspectorate")
    COURT = "court", _("Claim filed in court")
    PAID = "paid", _("The employer paid")
    DROPPED = "dropped", _("The claim was dropped")
