"""The words of the directory of help: kinds of places and the languages spoken there."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PlaceKind(models.TextChoices):
    EMBASSY = "embassy", _("Embassy")
    CONSULATE = "consulate", _("Consulate")
    HONORARY_CONSUL = "honorary_consul", _("Honorary consul")
    MINISTRY_OFFICE = "ministry_office", _("Office of the Ministry of Labour")
    NGO = "ngo", _("NGO")
    TRADE_UNION = "trade_union", _("Trade union")
    DIASPORA = "diaspora", _("Diaspora association")
    CRISIS_CENTRE = "crisis_centre", _("Crisis centre for women")
    CLINIC = "clinic", _("Clinic")
    LEGAL_AID = "legal_aid", _("Legal aid")
    LABOUR_INSPECTORATE = "labour_inspectorate", _("Labour inspectorate")
    PROSECUTOR = "prosecutor", _("Prosecutor's office")
    MIGRATION_SERVICE = "migration_service", _("Migration service")
    HOTLINE = "hotline", _("Helpline")
    OMBUDSMAN = "ombudsman", _("Ombudsman office")
    OTHER = "other", _("Other place of help")


# The order in which kinds are listed: the Kyrgyz state's own offices first, then the places that
# take workers' cases, then the rest.
KIND_RANK = {kind: rank for rank, kind in enumerate(PlaceKind.values)}


class Origin(models.TextChoices):
    FILE = "file", _("Imported from the directory files")
    ORGANISATION = "organisation", _("Kept by the organisation itself")
    EDITOR = "editor", _("Kept by the editors of the directory")


class Spoken(models.TextChoices):
    """Languages a place may speak. Each name is written in its own language."""

    KY = "ky", "Кыргызча"
    RU = "ru", "Русский"
    EN = "en", "English"
    KK = "kk", "Қазақша"
    UZ = "uz", "Oʻzbekcha"
    TG = "tg", "Тоҷикӣ"


class Answer(models.TextChoices):
    """A yes/no fact the directory may not know yet ("woman available", "free of charge")."""

    YES = "yes", _("Yes")
    NO = "no", _("No")
    UNKNOWN = "", _("Not known")
