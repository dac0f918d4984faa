"""The fixed vocabularies of court decisions (the API's contract names them)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Proceeding(models.TextChoices):
    ADMINISTRATIVE = "administrative", _("Administrative")
    CRIMINAL = "criminal", _("Criminal")
    CIVIL = "civil", _("Civil")


class Code(models.TextChoices):
    KOAP_RU = "KoAP_RU", _("Code of Administrative Offences of the Russian Federation")
    UK_RU = "UK_RU", _("Criminal Code of the Russian Federation")
    TK_RU = "TK_RU", _("Labour Code of the Russian Federation")
    KOAP_KZ = "KoAP_KZ", _("Code of Administrative Offences of the Republic of Kazakhstan")


CODE_SHORT = {"KoAP_RU": "КоАП РФ", "UK_RU": "УК РФ", "TK_RU": "ТК РФ", "KoAP_KZ": "КоАП РК"}


class Outcome(models.TextChoices):
    FINE = "fine", _("Fine")
    FINE_AND_EXPULSION = "fine_and_expulsion", _("Fine and expulsion")
    EXPULSION = "expulsion", _("Expulsion")
    IMPRISONMENT = "imprisonment", _("Imprisonment")
    SUSPENDED_SENTENCE = "suspended_sentence", _("Suspended sentence")
    ACQUITTAL = "acquittal", _("Acquittal")
    DISMISSED = "dismissed", _("Proceedings dismissed")
    CLAIM_GRANTED = "claim_granted", _("Claim granted")
    CLAIM_PARTLY_GRANTED = "claim_partly_granted", _("Claim partly granted")
    CLAIM_REJECTED = "claim_rejected", _("Claim rejected")
    OTHER = "other", _("Other")


class Expulsion(models.TextChoices):
    NONE = "none", _("No expulsion")
    FORCED = "forced", _("Forced expulsion")
    CONTROLLED_DEPARTURE = "controlled_departure", _("Controlled self-departure")


class FactStatus(models.TextChoices):
    EXTRACTED = "extracted", _("Extracted")
    CONFIRMED = "confirmed", _("Confirmed by a reviewer")
    CORRECTED = "corrected", _("Corrected by a reviewer")


class AlertKind(models.TextChoices):
    DETENTION = "detention", _("Detention in a special institution")
    FORCED_EXPULSION = "forced_expulsion", _("Forced expulsion")


class AlertStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")


class FieldName(models.TextChoices):
    COURT = "court", pgettext_lazy("court decision", "Court")
    CASE_NUMBER = "case_number", _("Case number")
    DECIDED_ON = "decided_on", _("Date of decision")
    PROCEEDING = "proceeding", _("Proceeding")
    ARTICLES = "articles", pgettext_lazy("law", "Articles")
    KYRGYZ_CITIZEN = "kyrgyz_citizen", _("Citizen of Kyrgyzstan")
    OUTCOME = "outcome", _("Outcome")
    FINE_AMOUNT = "fine_amount", _("Fine")
    CURRENCY = "currency", _("Currency")
    EXPULSION = "expulsion", _("Expulsion")
    DETENTION = "detention", _("Detention in a special institution")
    INTERPRETER = "interpreter", _("Interpreter")
    AWARDED_AMOUNT = "awarded_amount", _("Amount awarded")
