"""Court decisions on citizens of Kyrgyzstan, the facts read from them, and the alerts they raise.

A decision belongs to the organisation that brought it in (uploaded, imported or fetched it); only its
members, and the mission an alert was sent to, see it. The page as saved is kept sealed with the
decision's own data key (wrapped by the organisation's key, `korgoo.core.crypto`); what is stored in
the clear is the text with the names of private persons masked, and the facts.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from korgoo.cases.models import Case
from korgoo.core.choices import Country, Currency
from korgoo.core.models import PublicModel
from korgoo.organisations.models import Membership, Organisation

from .choices import AlertKind, AlertStatus, Expulsion, FactStatus, FieldName, Outcome, Proceeding
from .extraction.rules import REVIEW_BELOW


class Decision(PublicModel):
    """One court decision. The columns hold the current value of every fact (as extracted, or as a
    reviewer confirmed or corrected it); `Fact` rows keep each value's sentence and history."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="court_decisions")
    source_url = models.URLField(max_length=1000, blank=True)
    # Keyed digest of the page as received, so the same page brought twice is one decision.
    content_digest = models.CharField(max_length=64)
    media_type = models.CharField(max_length=100)
    country = models.CharField(max_length=2, choices=Country.choices)
    region = models.CharField(max_length=16, blank=True)
    court = models.CharField(max_length=300, blank=True)
    case_number = models.CharField(max_length=100, blank=True)
    decided_on = models.DateField(null=True, blank=True)
    proceeding = models.CharField(max_length=16, choices=Proceeding.choices)
    articles = models.JSONField(default=list, blank=True)
    kyrgyz_citizen = models.BooleanField(default=False)
    outcome = models.CharField(max_length=32, choices=Outcome.choices, default=Outcome.OTHER)
    fine_amount = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    currency = models.CharField(max_length=3, choices=Currency.choices, blank=True)
    expulsion = models.CharField(max_length=24, choices=Expulsion.choices, default=Expulsion.NONE)
    detention = models.BooleanField(default=False)
    interpreter = models.BooleanField(null=True, blank=True)
    awarded_amount = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    needs_review = models.BooleanField(default=False)
    # The text with private persons' names masked (what staff read).
    text = models.TextField()
    # The page as received, sealed (AES-256-GCM) with the decision's data key.
    wrapped_key = models.BinaryField()
    sealed_original = models.BinaryField()
    case = models.ForeignKey(
        Case, on_delete=models.SET_NULL, null=True, blank=True, related_name="court_decisions"
    )
    added_by = models.ForeignKey(
        Membership, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-decided_on", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "content_digest"], name="court_decision_once_per_org"
            )
        ]
        indexes = [
            models.Index(fields=["organisation", "decided_on"], name="court_decision_org_date"),
            models.Index(fields=["organisation", "needs_review"], name="court_decision_org_review"),
        ]

    def __str__(self) -> str:
        return f"{self.court} № {self.case_number}"


class Fact(models.Model):
    """One extracted value with the sentence it came from, how sure the rule was, and whether a
    reviewer confirmed or corrected it. Values are JSON (a list of articles, a date as text…)."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="facts")
    field = models.CharField(max_length=32, choices=FieldName.choices)
    value = models.JSONField(null=True, blank=True)
    extracted_value = models.JSONField(null=True, blank=True)
    sentence = models.TextField(blank=True)
    confidence = models.FloatField()
    status = models.CharField(max_length=16, choices=FactStatus.choices, default=FactStatus.EXTRACTED)
    reviewed_by = models.ForeignKey(
        Membership, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["decision", "field"], name="court_fact_once_per_field")
        ]

    @property
    def unsure(self) -> bool:
        return self.status == FactStatus.EXTRACTED and self.confidence < REVIEW_BELOW


class Alert(PublicModel):
    """A task for a Kyrgyz mission: a citizen was ordered detained or forcibly expelled by a court in
    its consular district (visit them, check that an interpreter took part). Owned by the mission it
    is addressed to, which may read the decision through it."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="court_alerts")
    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="alerts")
    kind = models.CharField(max_length=24, choices=AlertKind.choices)
    status = models.CharField(max_length=8, choices=AlertStatus.choices, default=AlertStatus.OPEN)
    done_by = models.ForeignKey(
        Membership, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["status", "-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "decision"], name="court_alert_once_per_mission")
        ]
        indexes = [models.Index(fields=["organisation", "status"], name="court_alert_org_status")]
        verbose_name = _("court alert")


class FetchState(models.Model):
    """Where a fetch of one court site stopped, so the next run resumes there."""

    source = models.CharField(max_length=200, unique=True)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    done_urls = models.JSONField(default=list, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
