"""Organisations of the protection network, their members and the members' API tokens."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from korgoo.core.choices import Country, OrganisationKind
from korgoo.core.gazetteer import locality_match, locality_name
from korgoo.core.models import PublicModel, TimeStampedModel


class Role(models.TextChoices):
    ORG_ADMIN = "org_admin", _("Organisation administrator")
    COORDINATOR = "coordinator", _("Coordinator")
    NETWORK_COORDINATOR = "network_coordinator", _("Network coordinator")
    CASEWORKER = "caseworker", _("Caseworker")
    VIEWER = "viewer", _("Viewer")
    ANALYST = "analyst", _("Analyst")
    EDITOR = "editor", _("Editor")


class Gender(models.TextChoices):
    """What a member chose to state about themselves; saying nothing is the default."""

    NOT_SAID = "", _("I prefer not to say")
    WOMAN = "woman", _("Woman")
    MAN = "man", _("Man")


class Organisation(PublicModel):
    """A body that takes cases: NGO, trade union, diaspora association, embassy or consulate, honorary
    consul, ombudsman office. Each organisation is a separate tenant: it sees only its own cases and
    those referred to it."""

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=32, choices=OrganisationKind.choices)
    country = models.CharField(_("country"), max_length=2, choices=Country.choices)
    city = models.CharField(_("city"), max_length=100)
    languages = models.JSONField(_("languages spoken"), default=list, blank=True)
    woman_caseworker_available = models.BooleanField(_("a woman caseworker is available"), default=False)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name

    @property
    def city_name(self) -> str:
        """The organisation's city in the page's language, from the gazetteer (the city as entered
        when the gazetteer does not know it)."""
        return locality_name(locality_match(self.city, self.country)) or self.city


class Membership(TimeStampedModel):
    """A user's place in one organisation, with the role that decides what they may see and do."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    is_active = models.BooleanField(_("active"), default=True)
    # Stated by the member, optional (`membership_profile_set`). Coordinators see it in the network's
    # staff balance; a case whose worker asked for a woman caseworker is assigned only to a member who
    # said she is a woman. Nobody else is shown it.
    gender = models.CharField(_("gender"), max_length=8, choices=Gender.choices, blank=True, default="")
    is_lawyer = models.BooleanField(_("lawyer"), default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "user"], name="membership_unique_per_organisation"
            )
        ]
        indexes = [models.Index(fields=["organisation", "role"], name="membership_org_role")]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self) -> str:
        return f"{self.user} · {self.organisation}"


class ApiToken(TimeStampedModel):
    """A bearer token bound to one membership; only its SHA-256 digest is stored.

    It works only while the account's session stamp (`User.get_session_auth_hash`: the password
    hash and the "log out everywhere" counter) is the one it was issued under, so a password change
    or an administrator ending the user's sessions ends every token too; it ends with its membership
    and can be revoked by its owner or the organisation's administrator (`api_token_revoke`)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="api_tokens")
    digest = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked = models.BooleanField(default=False)
    auth_stamp = models.CharField(max_length=128, blank=True)

    @property
    def is_live(self) -> bool:
        return not self.revoked and self.expires_at > timezone.now()

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")


class Export(PublicModel):
    """An export waiting for its single download (SECURITY.md requirement 22).

    The file is kept only inside a password-protected archive; the password is shown once to the
    member who asked and never stored. Only that membership may download it, once, before
    `expires_at`, and only while it still holds `permission`, the permission the export was made
    under; to anyone else it answers as if it did not exist. The row is deleted as it is downloaded,
    and an expired one by `exports_purge`.
    """

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    requested_by = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=40)  # what it holds, e.g. "cases"
    file_format = models.CharField(max_length=8)  # the file inside the archive: csv, xlsx
    permission = models.CharField(max_length=64)
    filename = models.CharField(max_length=200)  # the archive's name, e.g. korgoo-cases-2025-05-01.zip
    content = models.BinaryField()  # the encrypted archive
    size = models.PositiveIntegerField(default=0)
    rows = models.PositiveIntegerField(default=0)
    expires_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["expires_at"], name="export_expiry")]
        verbose_name = _("encrypted export")
        verbose_name_plural = _("encrypted exports")
