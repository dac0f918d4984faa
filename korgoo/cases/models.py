"""Cases and everything an organisation records while working one.

A case is what an organisation works on after a worker's report. Its content (the worker's words,
employer, contact, messages, notes, files) is sealed with the case's own data key, which is stored
only wrapped by the key of the organisation holding the case (see `korgoo.core.crypto`). Plain columns
hold only what routing, inboxes and statistics need: categories, country, the city as a gazetteer id
(`korgoo.core.gazetteer`), dates, status. What the worker typed for the city is sealed with the report.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from korgoo.core.choices import Country
from korgoo.core.gazetteer import locality_name
from korgoo.core.models import PublicModel
from korgoo.core.scanning import RESCANNED, ScannedFile
from korgoo.organisations.models import Membership, Organisation

from .choices import Category, Currency, EventKind, Outcome, Sector, Status, SuggestionState


def short_ref(case_id: Any) -> str:
    """The reference staff read and say aloud: the first eight characters of the case's id."""
    return str(case_id).split("-")[0].upper()


class Case(PublicModel):
    """A worker's report being worked by one organisation (`organisation`), or waiting in the
    coordinators' queue when no routing rule placed it (`organisation` is empty).

    Other organisations see a case only through a `CaseAccess` row, which only referrals create.
    """

    # Found by the inbox's indexes, which begin with it (as are the foreign keys of the case's
    # categories, suggestions, timeline and search tokens by their tables' own): an index of its own
    # would only cost every report another write.
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="cases", db_index=False
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NEW)
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)
    urgent = models.BooleanField(default=False)
    country = models.CharField(max_length=2, choices=Country.choices)
    # The city as a GeoNames id of the gazetteer; empty when what the worker typed names no city of
    # the country the gazetteer holds (the case is then routed by its country, and counted among
    # "other cities").
    locality_id = models.PositiveIntegerField(null=True, blank=True)
    sector = models.CharField(max_length=20, choices=Sector.choices, blank=True)  # empty: not said
    language = models.CharField(max_length=8)
    reported_on = models.DateField()
    prefers_woman_caseworker = models.BooleanField(default=False)
    share_with = models.JSONField(default=list)  # organisation kinds the worker consented to
    wrapped_key = models.BinaryField()
    sealed_report = models.BinaryField()
    # A keyed hash of the employer's or agency's normalised name, written with the sealed report so
    # that counting never opens it (`korgoo.cases.reporting`); "" when no name was given or the
    # content was erased, NULL for a case sealed before the column (filled by a migration).
    employer_digest = models.CharField(max_length=32, null=True, blank=True)  # noqa: DJ001  (NULL: not computed)
    assignee = models.ForeignKey(
        Membership, on_delete=models.SET_NULL, null=True, blank=True, related_name="assigned_cases"
    )
    due_on = models.DateField(null=True, blank=True)
    first_response_at = models.DateTimeField(null=True, blank=True)
    last_activity_at = models.DateTimeField()
    awaiting_reply = models.BooleanField(default=False)  # the worker wrote and nobody answered yet
    closed_at = models.DateTimeField(null=True, blank=True)
    money_recovered = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    money_currency = models.CharField(max_length=3, choices=Currency.choices, blank=True)
    documents_returned = models.BooleanField(default=False)
    content_erased = models.BooleanField(default=False)
    # The worker withdrew consent from the organisation holding the case: from then on no
    # organisation sees it; its content is kept sealed for a grace period, during which the worker
    # may undo the withdrawal (restoring `withdrawn_from` to `share_with`), then erased.
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_from = models.JSONField(default=list, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["organisation", "-urgent", "-last_activity_at"], name="case_inbox"),
            models.Index(
                fields=["organisation", "status", "-urgent", "-last_activity_at"], name="case_inbox_status"
            ),
            models.Index(
                fields=["organisation", "assignee", "-last_activity_at"], name="case_inbox_assignee"
            ),
            models.Index(fields=["organisation", "due_on"], name="case_due"),
            models.Index(fields=["country", "reported_on"], name="case_country_reported"),
            # The retention run's selection: closed cases by the day they closed.
            models.Index(fields=["status", "closed_at"], name="case_closed"),
        ]

    @property
    def short_ref(self) -> str:
        return short_ref(self.id)

    @property
    def is_open(self) -> bool:
        return self.status != Status.CLOSED

    @property
    def is_withdrawn(self) -> bool:
        """Hidden from every organisation by the worker's withdrawal of consent."""
        return self.withdrawn_at is not None

    def worker_may_write(self, now: dt.datetime, *, days: int) -> bool:
        """Open, or closed less than `days` ago: the worker can still answer a last message."""
        if self.is_open:
            return True
        return self.closed_at is not None and now - self.closed_at < dt.timedelta(days=days)

    def worker_write_until(self, *, days: int) -> dt.datetime | None:
        """When a closed case stops taking the worker's messages (None while it is open)."""
        return None if self.is_open or self.closed_at is None else self.closed_at + dt.timedelta(days=days)

    @property
    def city_name(self) -> str:
        """The city's name in the active language, or "" when the city is not in the gazetteer."""
        return locality_name(self.locality_id)

    def __str__(self) -> str:
        return self.short_ref


class CaseCategory(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="categories", db_index=False)
    category = models.CharField(max_length=32, choices=Category.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "category"], name="case_category_unique")]
        indexes = [models.Index(fields=["category", "case"], name="case_category_lookup")]


class CaseSuggestion(models.Model):
    """Something triage read in the worker's text that the worker did not tick: a category, or
    urgency (`subject` "urgent"). It holds codes only; the words that made it are sealed with the
    report. Suggestions never take away what the worker chose: a suggested category joins the case
    only when a caseworker accepts it, and urgency suggested from the text is raised at once and
    stays until a caseworker lowers it. Monitoring counts how often caseworkers accept, change or
    reject suggestions, by category and by the language the text was written in (`variety`)."""

    URGENT = "urgent"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="suggestions", db_index=False)
    subject = models.CharField(max_length=32)  # a Category code, or "urgent"
    variety = models.CharField(max_length=8)  # ky, ru, mix, ky_latn (`korgoo.triage.engine.variety`)
    state = models.CharField(max_length=12, choices=SuggestionState.choices, default=SuggestionState.PENDING)
    suggested_at = models.DateTimeField()
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        Membership, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "subject"], name="case_suggestion_unique")]
        indexes = [models.Index(fields=["subject", "state"], name="case_suggestion_subject")]

    @property
    def is_urgency(self) -> bool:
        return self.subject == self.URGENT


class CaseAccess(models.Model):
    """Another organisation's window on a case, created only by a referral.

    `fields` lists the parts of the sealed report the organisation may read. The organisation that
    accepted a referral becomes the case's owner but keeps this row, so it still sees only the
    referred fields; the organisation that passed the case on keeps a `follow` row (status only).
    """

    class Level(models.TextChoices):
        OFFERED = "offered", _("Offered")
        HOLDER = "holder", _("Holds the case")
        FOLLOW = "follow", _("Follows the outcome")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="accesses")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="case_accesses")
    level = models.CharField(max_length=10, choices=Level.choices)
    fields = models.JSONField(default=list)
    granted_at = models.DateTimeField()
    referral_id = models.UUIDField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "organisation"], name="case_access_unique")]
        indexes = [models.Index(fields=["organisation", "level", "case"], name="case_access_org")]


class CaseMessage(models.Model):
    """A message between the worker and the organisation holding the case; the body is sealed."""

    class Sender(models.TextChoices):
        WORKER = "worker", _("Worker")
        ORGANISATION = "organisation", _("Organisation")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="messages")
    sender = models.CharField(max_length=16, choices=Sender.choices)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, null=True, blank=True)
    author = models.ForeignKey(Membership, on_delete=models.SET_NULL, null=True, blank=True)
    sealed_body = models.BinaryField()
    sent_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["case", "sent_at"], name="case_message_case")]


class CaseNote(models.Model):
    """An internal note, seen only by the organisation that wrote it; the body is sealed."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notes")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT)
    author = models.ForeignKey(Membership, on_delete=models.SET_NULL, null=True, blank=True)
    sealed_body = models.BinaryField()
    created_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["organisation", "case", "created_at"], name="case_note_org")]


class CaseEvent(models.Model):
    """One line of a case's timeline. Holds codes and ids only, never the content of the case.

    `worker_visible` events appear, in plain words, on the worker's tracking page.
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events", db_index=False)
    kind = models.CharField(max_length=32, choices=EventKind.choices)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, null=True, blank=True)
    actor = models.ForeignKey(Membership, on_delete=models.SET_NULL, null=True, blank=True)
    data = models.JSONField(default=dict)
    worker_visible = models.BooleanField(default=False)
    at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["case", "at"], name="case_event_case")]


class Attachment(ScannedFile):
    """A file added to a case by the worker or the organisation, encrypted on disk.

    The stored file has its metadata (EXIF GPS, author) stripped; the original is kept, sealed too,
    only when the worker asked for it, and only the `file.view_original` grant may fetch it. Both
    copies are checked for viruses after they are stored; until the check finds the file clean,
    nobody may open it (see `korgoo.core.scanning`).
    """

    #: The purposes its cleaned copy and its original are sealed for (`korgoo.cases.vault`).
    SEALED_AS = ("file", "original")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="attachments")
    added_by_worker = models.BooleanField(default=True)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, null=True, blank=True)
    storage_name = models.CharField(max_length=80, unique=True)
    original_storage_name = models.CharField(max_length=80, blank=True)
    sealed_filename = models.BinaryField()
    content_type = models.CharField(max_length=80)
    size = models.PositiveIntegerField()
    added_at = models.DateTimeField()

    class Meta:
        indexes = [
            models.Index(fields=["case", "added_at"], name="attachment_case"),
            models.Index(
                fields=["scan_attempts"],
                name="attachment_scan_due",
                condition=models.Q(scan_status__in=sorted(RESCANNED)),
            ),
        ]


class CaseSearchToken(models.Model):
    """Keyed hashes of the words of a case's sealed content, so caseworkers can search their inbox
    without the words being stored in the clear."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="search_tokens", db_index=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, null=True, db_index=False)
    token = models.CharField(max_length=16)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "token"], name="case_search_token_unique")]
        indexes = [models.Index(fields=["organisation", "token"], name="case_search_lookup")]


class RoutingRule(models.Model):
    """Where new reports go. Coordinators keep these rules; the most specific match wins, then the
    lowest `priority`. A rule places a report only with an organisation of a kind the worker
    consented to, and, if the worker asked for a woman caseworker, only where one is available.
    A rule names its city by gazetteer id (empty: any city of the country)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="routing_rules")
    country = models.CharField(max_length=2, choices=Country.choices)
    locality_id = models.PositiveIntegerField(null=True, blank=True)
    category = models.CharField(max_length=32, choices=Category.choices, blank=True)
    priority = models.PositiveSmallIntegerField(default=100)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["country", "locality_id", "category", "priority"]
        indexes = [models.Index(fields=["country", "is_active"], name="routing_country")]

    def __str__(self) -> str:
        return f"{self.country}/{self.locality_id or '*'}/{self.category or '*'} → {self.organisation}"

    @property
    def city_name(self) -> str:
        """The rule's city in the active language, or "" for any city of the country."""
        return locality_name(self.locality_id)
