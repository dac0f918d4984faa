"""The words of the knowledge base: host countries, topics, translation states."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ArticleCountry(models.TextChoices):
    RU = "RU", _("Russia")
    KZ = "KZ", _("Kazakhstan")
    ALL = "ALL", _("Every country")


class Topic(models.TextChoices):
    PRE_DEPARTURE = "pre-departure", _("Before you go")
    EAEU_RIGHTS = "eaeu-rights", _("Your rights in the EAEU")
    REGISTRATION = "registration", _("Registration and stay")
    MEDICAL = "medical", _("Medical examination and fingerprints")
    CONTRACT = "contract", _("Employment contract")
    WAGES = "wages", _("Wages and overtime")
    UNPAID_WAGES = "unpaid-wages", _("Unpaid wages")
    DOCUMENTS = "documents", _("Documents taken")
    ACCIDENT = "accident", _("Accident at work")
    POLICE = "police", _("Police checks")
    DETENTION = "detention", _("Detention and expulsion")
    VIOLENCE = "violence", _("Violence and trafficking")
    HEALTH = "health", _("Health care and insurance")
    CHILDREN = "children", _("Children and school")
    PENSIONS = "pensions", _("Pensions")
    RETURN = "return", _("Returning home")
    AGENCIES = "agencies", _("Recruitment agencies")
    HELP = "help", _("Where to get help")


class Tool(models.TextChoices):
    """The worker's tools an article may link to (``tools`` in its meta.toml), each opened with the
    article's country chosen."""

    UNPAID_WAGES = "unpaid_wages", _("Count unpaid wages")
    LATE_PAYMENT = "late_payment", _("Count compensation for late pay")
    OVERTIME = "overtime", _("Count overtime and weekend pay")
    DEADLINES = "deadlines", _("Check my deadlines")
    DIARY = "diary", _("Keep a work diary")


class TranslationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class Origin(models.TextChoices):
    FILE = "file", _("Imported from the content files")
    EDITOR = "editor", _("Written in the editor")


# The article that is the pre-departure guide, with its checklist.
PRE_DEPARTURE_SLUG = "pre-departure-guide"
