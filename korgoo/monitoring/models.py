"""Monitoring tables: pre-aggregated counts, the published (suppressed) figures, the registers of
instruments, indicators and recommendations, disease-incidence statistics and report jobs.

Nothing here holds a worker's words or identity. Facts and tallies hold only the plain columns of
cases (country, the city's gazetteer id, dates, categories, outcome) and, for employers, a keyed hash of the name that
cannot be read back. Only `PublishedCell` is ever shown to a person, and only after suppression.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import get_language

from korgoo.core.choices import Country
from korgoo.core.models import PublicModel, TimeStampedModel
from korgoo.organisations.models import Membership, Organisation

from .choices import (
    AgeBand,
    AmendmentStatus,
    Condition,
    Confidence,
    Direction,
    GapKind,
    InstrumentKind,
    JobStatus,
    Position,
    RecommendationSection,
    RecommendationStatus,
    ReportKind,
    ReviewState,
    Sex,
    Unit,
)

DIM = 64


class CaseFact(models.Model):
    """What one case last contributed to the tallies, so that a change is applied as a difference
    (old contribution out, new one in). Read only by the refresh job, by primary key."""

    case_id = models.UUIDField(primary_key=True)
    month = models.CharField(max_length=7)  # "2025-03", month of the report
    country = models.CharField(max_length=2)
    city = models.CharField(max_length=DIM)  # gazetteer id of the city, or "other" (`refresh.city_key`)
    kind = models.CharField(max_length=32)
    org = models.CharField(max_length=36, blank=True)
    categories = models.CharField(max_length=400)  # comma-separated
    outcome = models.CharField(max_length=20)
    urgent = models.BooleanField(default=False)
    response_bucket = models.IntegerField(null=True)  # hours, lower bound of the bucket
    closure_bucket = models.IntegerField(null=True)
    currency = models.CharField(max_length=4)
    cents = models.BigIntegerField(default=0)  # money recovered, in hundredths of `currency`
    party = models.CharField(max_length=10, blank=True)
    employer_key = models.CharField(max_length=32, blank=True)
    sector = models.CharField(max_length=20, blank=True)
    # Suggestions read from the text and what caseworkers made of them, as "subject:variety:state"
    # separated by commas (codes only: a category or "urgent", ky/ru/mix/ky_latn, pending/accepted…).
    suggestions = models.CharField(max_length=600, blank=True, default="")


class ReferralFact(models.Model):
    """What one referral last contributed to the referral tallies."""

    referral_id = models.UUIDField(primary_key=True)
    month = models.CharField(max_length=7)
    country = models.CharField(max_length=2)
    categories = models.CharField(max_length=400)
    from_kind = models.CharField(max_length=32)
    from_org = models.CharField(max_length=36)
    to_kind = models.CharField(max_length=32)
    to_org = models.CharField(max_length=36)
    state = models.CharField(max_length=10)


class Tally(models.Model):
    """Counts per month and face (see `korgoo.monitoring.universes`), kept current by the refresh
    job. The dimensions of each face sit in `d0`…`d5` in the face's order."""

    face = models.CharField(max_length=4)
    month = models.CharField(max_length=7)
    d0 = models.CharField(max_length=DIM, default="")
    d1 = models.CharField(max_length=DIM, default="")
    d2 = models.CharField(max_length=DIM, default="")
    d3 = models.CharField(max_length=DIM, default="")
    d4 = models.CharField(max_length=DIM, default="")
    d5 = models.CharField(max_length=DIM, default="")
    n = models.IntegerField(default=0)
    cents = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["face", "month", "d0", "d1", "d2", "d3", "d4", "d5"], name="monitoring_tally_unique"
            )
        ]


class PublishedCell(models.Model):
    """A figure as the dashboards, exports, reports and API show it. `value` is empty when the cell
    is suppressed (the true count is not stored here at all); so are `amount` and the medians."""

    face = models.CharField(max_length=4)
    window = models.CharField(max_length=7)  # first month of a 12-month period, or a year
    d0 = models.CharField(max_length=DIM, default="*")
    d1 = models.CharField(max_length=DIM, default="*")
    d2 = models.CharField(max_length=DIM, default="*")
    d3 = models.CharField(max_length=DIM, default="*")
    d4 = models.CharField(max_length=DIM, default="*")
    d5 = models.CharField(max_length=DIM, default="*")
    value = models.IntegerField(null=True)
    amount = models.DecimalField(max_digits=18, decimal_places=2, null=True)
    extra = models.JSONField(default=dict)

    class Meta:
        indexes = [models.Index(fields=["face", "window", "d0", "d1", "d2"], name="published_lookup")]


class MonitoringState(models.Model):
    """Watermarks and the time of the last publication (one row per kind of source)."""

    name = models.CharField(max_length=20, primary_key=True)
    watermark = models.DateTimeField(null=True)
    refreshed_at = models.DateTimeField(null=True)
    published_at = models.DateTimeField(null=True)
    refresh_requested_at = models.DateTimeField(null=True)
    details = models.JSONField(default=dict)


class Translated(models.Model):
    """Content in three languages, shown with the fallback ky → ru → en."""

    class Meta:
        abstract = True

    def text(self, field: str, language: str | None = None) -> str:
        language = (language or get_language() or "ru")[:2]
        order = {"ky": ("ky", "ru", "en"), "ru": ("ru", "en", "ky"), "en": ("en", "ru", "ky")}.get(
            language, ("ru", "en", "ky")
        )
        for code in order:
            value = getattr(self, f"{field}_{code}", "")
            if value:
                return str(value)
        return ""


class Instrument(Translated):
    """An international instrument on migrant workers' rights (register loaded from a data file)."""

    code = models.SlugField(max_length=40, unique=True)
    kind = models.CharField(max_length=12, choices=InstrumentKind.choices)
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    title_ky = models.CharField(max_length=300, blank=True)
    title_ru = models.CharField(max_length=300, blank=True)
    title_en = models.CharField(max_length=300, blank=True)
    url = models.URLField(blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return self.text("title")

    @property
    def display_title(self) -> str:
        return self.text("title")


class InstrumentStatus(Translated):
    """One country's status towards an instrument, with how sure the source is."""

    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="statuses")
    country = models.CharField(max_length=2, choices=Country.choices)
    status = models.CharField(max_length=16, choices=Position.choices)
    since = models.CharField(max_length=40, blank=True)  # a date or a year, as the source gives it
    confidence = models.CharField(max_length=12, choices=Confidence.choices)
    since_confidence = models.CharField(max_length=12, choices=Confidence.choices, blank=True)
    note_ky = models.TextField(blank=True)
    note_ru = models.TextField(blank=True)
    note_en = models.TextField(blank=True)
    source = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["instrument", "country"], name="instrument_status_unique")
        ]

    @property
    def display_note(self) -> str:
        return self.text("note")


class Indicator(Translated):
    """A monitoring and evaluation indicator: computed from case data (`method` names the
    computation) or entered by analysts (`method` = "entered")."""

    code = models.SlugField(max_length=60, unique=True)
    name_ky = models.CharField(max_length=300, blank=True)
    name_ru = models.CharField(max_length=300, blank=True)
    name_en = models.CharField(max_length=300, blank=True)
    definition_ky = models.TextField(blank=True)
    definition_ru = models.TextField(blank=True)
    definition_en = models.TextField(blank=True)
    source_ky = models.TextField(blank=True)
    source_ru = models.TextField(blank=True)
    source_en = models.TextField(blank=True)
    unit = models.CharField(max_length=10, choices=Unit.choices)
    method = models.CharField(max_length=60)
    direction = models.CharField(max_length=4, choices=Direction.choices, default=Direction.UP)
    baseline = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    baseline_period = models.CharField(max_length=100, blank=True)
    target = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    target_period = models.CharField(max_length=100, blank=True)
    recommendations = models.JSONField(default=list, blank=True)  # recommendation codes it follows
    instruments = models.JSONField(default=list, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return self.text("name")

    @property
    def computed(self) -> bool:
        return self.method != "entered"

    @property
    def display_name(self) -> str:
        return self.text("name")

    @property
    def display_definition(self) -> str:
        return self.text("definition")

    @property
    def display_source(self) -> str:
        return self.text("source")


class Reviewed(models.Model):
    """An entry that a second person signs off: who reviewed it, when, and what they said. Until then
    it is shown as awaiting review and is not the register's figure (`korgoo.monitoring.services`
    refuses a review by the person who made the entry)."""

    review_state = models.CharField(max_length=10, choices=ReviewState.choices, default=ReviewState.APPROVED)
    reviewed_by = models.ForeignKey(
        Membership, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = models.TextField(blank=True)

    class Meta:
        abstract = True

    @property
    def is_pending(self) -> bool:
        return self.review_state == ReviewState.PENDING


class IndicatorValue(TimeStampedModel, Reviewed):
    """One periodic value of an indicator. Computed values are replaced at each publication;
    entered values carry who entered them and the evidence, and count once a reviewer approved them."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values")
    period = models.CharField(max_length=40)  # "2025" or "2025-03/2026-02"
    value = models.DecimalField(max_digits=16, decimal_places=2, null=True, blank=True)
    suppressed = models.BooleanField(default=False)
    computed = models.BooleanField(default=False)
    note = models.TextField(blank=True)
    evidence = models.TextField(blank=True)
    entered_by = models.ForeignKey(
        Membership, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["indicator", "period", "computed"], name="indicator_value_unique")
        ]
        ordering = ["indicator", "-period"]

    @property
    def display_period(self) -> str:
        return self.period.replace("/", " – ")

    @property
    def what(self) -> str:
        return f"{self.indicator.display_name}, {self.display_period}"

    @property
    def shown(self) -> str:
        return self.display

    @property
    def author(self) -> Membership | None:
        return self.entered_by

    @property
    def display(self) -> str:
        """The value as a reader expects it for the indicator's unit ("x" when suppressed)."""
        if self.suppressed:
            return "x"
        if self.value is None:
            return "—"
        unit = self.indicator.unit
        if unit == Unit.COUNT:
            return f"{self.value:.0f}"
        if unit == Unit.PERCENT:
            return f"{self.value:.1f} %"
        if unit == Unit.DAYS:
            return f"{self.value:.1f}"
        if unit == Unit.YES_NO:
            return "✓" if self.value else "✗"
        return f"{self.value:,.2f}".replace(",", "\u00a0")


class Recommendation(Translated):
    """A recommendation of the monitoring report on the rights of labour migrants, with who is
    responsible and how far it has got."""

    code = models.SlugField(max_length=40, unique=True)
    section = models.CharField(max_length=20, choices=RecommendationSection.choices)
    body = models.CharField(max_length=40)  # responsible body code
    body_ky = models.CharField(max_length=300, blank=True)
    body_ru = models.CharField(max_length=300, blank=True)
    body_en = models.CharField(max_length=300, blank=True)
    text_ky = models.TextField(blank=True)
    text_ru = models.TextField(blank=True)
    text_en = models.TextField(blank=True)
    source = models.CharField(max_length=200, blank=True)
    status = models.CharField(
        max_length=20, choices=RecommendationStatus.choices, default=RecommendationStatus.NOT_ASSESSED
    )
    evidence = models.TextField(blank=True)
    status_updated_at = models.DateTimeField(null=True, blank=True)
    status_updated_by = models.ForeignKey(
        Membership, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return self.code

    @property
    def display_text(self) -> str:
        return self.text("text")

    @property
    def display_body(self) -> str:
        return self.text("body")


class RecommendationUpdate(Reviewed):
    """The history of a recommendation's status: each change an analyst proposes, which becomes the
    recommendation's status when a reviewer approves it."""

    recommendation = models.ForeignKey(Recommendation, on_delete=models.CASCADE, related_name="updates")
    status = models.CharField(max_length=20, choices=RecommendationStatus.choices)
    evidence = models.TextField(blank=True)
    by = models.ForeignKey(Membership, on_delete=models.SET_NULL, null=True, related_name="+")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, null=True, related_name="+")
    at = models.DateTimeField()

    class Meta:
        ordering = ["-at"]

    @property
    def what(self) -> str:
        return self.recommendation.code

    @property
    def shown(self) -> str:
        return str(self.get_status_display())

    @property
    def author(self) -> Membership | None:
        return self.by


class LegalFinding(Translated, TimeStampedModel):
    """The register of conflicts and gaps between the treaties Kyrgyzstan is bound by and its national
    law: the treaty article, the national provision, what is wrong, the amendment proposed, how far it
    has got, and the sources. Loaded from `data/legal_findings.json`; analysts propose a status and a
    reviewer approves it (`LegalFindingUpdate`)."""

    code = models.SlugField(max_length=60, unique=True)
    kind = models.CharField(max_length=10, choices=GapKind.choices)
    treaty_ky = models.CharField(max_length=300, blank=True)
    treaty_ru = models.CharField(max_length=300, blank=True)
    treaty_en = models.CharField(max_length=300, blank=True)
    provision_ky = models.CharField(max_length=300, blank=True)
    provision_ru = models.CharField(max_length=300, blank=True)
    provision_en = models.CharField(max_length=300, blank=True)
    finding_ky = models.TextField(blank=True)
    finding_ru = models.TextField(blank=True)
    finding_en = models.TextField(blank=True)
    amendment_ky = models.TextField(blank=True)
    amendment_ru = models.TextField(blank=True)
    amendment_en = models.TextField(blank=True)
    status = models.CharField(
        max_length=12, choices=AmendmentStatus.choices, default=AmendmentStatus.IDENTIFIED
    )
    status_note = models.TextField(blank=True)
    sources = models.JSONField(default=list)  # [{"title": …, "url": …}]
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return self.code

    @property
    def treaty(self) -> str:
        return self.text("treaty")

    @property
    def provision(self) -> str:
        return self.text("provision")

    @property
    def finding(self) -> str:
        return self.text("finding")

    @property
    def amendment(self) -> str:
        return self.text("amendment")


class LegalFindingUpdate(Reviewed):
    """A proposed change of a finding's amendment status, with its evidence; it takes effect when a
    reviewer approves it."""

    finding = models.ForeignKey(LegalFinding, on_delete=models.CASCADE, related_name="updates")
    status = models.CharField(max_length=12, choices=AmendmentStatus.choices)
    evidence = models.TextField(blank=True)
    by = models.ForeignKey(Membership, on_delete=models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField()

    class Meta:
        ordering = ["-at"]

    @property
    def what(self) -> str:
        return self.finding.code

    @property
    def shown(self) -> str:
        return str(self.get_status_display())

    @property
    def author(self) -> Membership | None:
        return self.by


class HealthStat(TimeStampedModel):
    """A count of cases of a disease among migrant workers from Kyrgyzstan, as a health facility or
    partner organisation reports it: by host country, region, quarter, sex and age band. Never a
    person. The reporting organisation owns its rows; everyone else sees suppressed totals."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="health_stats")
    country = models.CharField(max_length=2, choices=Country.choices)
    region = models.CharField(max_length=DIM)  # as entered (trimmed)
    region_key = models.CharField(max_length=DIM)  # casefolded, for grouping
    year = models.PositiveSmallIntegerField()
    quarter = models.PositiveSmallIntegerField()
    sex = models.CharField(max_length=8, choices=Sex.choices)
    age_band = models.CharField(max_length=8, choices=AgeBand.choices)
    condition = models.CharField(max_length=16, choices=Condition.choices)
    count = models.PositiveIntegerField()
    entered_by = models.ForeignKey(Membership, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "organisation",
                    "country",
                    "region_key",
                    "year",
                    "quarter",
                    "sex",
                    "age_band",
                    "condition",
                ],
                name="health_stat_unique",
            ),
            models.CheckConstraint(
                condition=models.Q(quarter__gte=1, quarter__lte=4), name="health_stat_quarter"
            ),
        ]
        indexes = [models.Index(fields=["organisation", "year"], name="health_stat_org_year")]


class ReportJob(PublicModel):
    """A PDF report being prepared in the background for one member, who alone may see and download
    it, once, within a short time."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    requested_by = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=12, choices=ReportKind.choices)
    params = models.JSONField(default=dict)
    status = models.CharField(max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    error = models.CharField(max_length=200, blank=True)
    filename = models.CharField(max_length=200, blank=True)
    content = models.BinaryField(null=True)
    size = models.PositiveIntegerField(default=0)
    finished_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    downloaded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["organisation", "requested_by", "-created_at"], name="report_job_owner")
        ]


class DataImport(models.Model):
    """Which version of each shipped data file was last loaded (re-importing the same is a no-op)."""

    name = models.CharField(max_length=40, primary_key=True)
    version = models.CharField(max_length=40)
    checksum = models.CharField(max_length=64)
    imported_at = models.DateTimeField()
    rows = models.PositiveIntegerField(default=0)
