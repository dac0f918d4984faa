"""Referrals: one organisation offering a case to another the worker consented to."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from korgoo.cases.models import Case
from korgoo.core.models import PublicModel
from korgoo.organisations.models import Membership, Organisation


class Referral(PublicModel):
    """An offer to pass a case on. The receiving organisation sees only `fields` of the report while
    it decides; if it accepts, it holds the case from then on (still with those fields only) and the
    offering organisation follows the outcome. The offering organisation can revoke at any time,
    which takes the case back on the very next request."""

    class State(models.TextChoices):
        OFFERED = "offered", _("Offered")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        REVOKED = "revoked", _("Revoked")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="referrals")
    from_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="referrals_made"
    )
    to_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="referrals_received"
    )
    state = models.CharField(max_length=10, choices=State.choices, default=State.OFFERED)
    fields = models.JSONField(default=list)
    sealed_note = models.BinaryField()
    offered_by = models.ForeignKey(Membership, on_delete=models.SET_NULL, null=True, related_name="+")
    responded_by = models.ForeignKey(
        Membership, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    responded_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["to_organisation", "state", "-created_at"], name="referral_inbox"),
            models.Index(fields=["from_organisation", "state", "-created_at"], name="referral_outbox"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["case"],
                condition=models.Q(state="offered"),
                name="referral_one_open_offer_per_case",
            )
        ]
