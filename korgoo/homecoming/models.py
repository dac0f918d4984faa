"""A worker's return home and the hand-over of the case to an organisation at home.

A `Return` says that the worker of a case went back to Kyrgyzstan, and to which region; the worker
says so with the receipt (web or chat), or a caseworker of the organisation holding the case
records it. A `HandOver` is the worker's separate consent to let one organisation at home, chosen
among those serving the worker's region (`HomeCover`), continue the case. It travels as an ordinary
referral (`korgoo.referrals`): the organisation holding the case chooses what the referral passes,
the organisation at home accepts it and holds the case from then on, and the organisation that had
the case follows it; when it keeps the wage claim (`claim_kept`), it goes on recording the claim's
steps, which the worker reads with the same receipt.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from korgoo.cases.models import Case
from korgoo.core.models import PublicModel
from korgoo.organisations.models import Membership, Organisation
from korgoo.referrals.models import Referral

from .choices import ClaimStep, Region


class HomeCover(models.Model):
    """An organisation in Kyrgyzstan takes hand-overs of returned workers of this region. Kept by the
    platform administrators (admin) and the demo; one row per organisation and region."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="home_covers")
    region = models.CharField(max_length=16, choices=Region.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organisation", "region"], name="home_cover_unique")]
        indexes = [models.Index(fields=["region", "organisation"], name="home_cover_region")]
        verbose_name = _("region served at home")
        verbose_name_plural = _("regions served at home")

    def __str__(self) -> str:
        return f"{self.organisation} → {self.region}"


class Return(PublicModel):
    """The worker of `case` is home, in `region`. Holds codes only, never the worker's words."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="homecoming")
    region = models.CharField(max_length=16, choices=Region.choices)
    host_country = models.CharField(max_length=2)  # the case's country when the worker left
    by_worker = models.BooleanField(default=True)
    recorded_by = models.ForeignKey(
        Membership, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The organisation holding the case when the worker returned (for monitoring; never changes).
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    returned_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["returned_at"], name="return_by_day")]


class HandOver(PublicModel):
    """The worker agreed to let `to_organisation` at home continue the case. The referral that
    carries it is made by the organisation holding the case (`from_organisation`)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="handovers")
    region = models.CharField(max_length=16, choices=Region.choices)
    from_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="handovers_made"
    )
    to_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="handovers_received"
    )
    consented_at = models.DateTimeField()
    referral = models.OneToOneField(
        Referral, on_delete=models.SET_NULL, null=True, blank=True, related_name="handover"
    )
    # The organisation that had the case keeps working on the wage claim in the host country.
    claim_kept = models.BooleanField(default=False)
    claim_step = models.CharField(max_length=20, choices=ClaimStep.choices, blank=True)
    claim_updated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["case", "-consented_at"], name="handover_case"),
            models.Index(fields=["region", "consented_at"], name="handover_region"),
        ]

    @property
    def state(self) -> str:
        """consented (no referral yet), or the state of the referral that carries it."""
        return "consented" if self.referral is None else str(self.referral.state)

    @property
    def is_open(self) -> bool:
        return self.state in ("consented", Referral.State.OFFERED)
