"""The words of monitoring: table names, outcome states, diseases, instrument statuses and the like."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# Cases that no routing rule placed wait in the coordinators' queue: no organisation kind yet.
QUEUE = "queue"
OPEN = "open"
NO_MONEY = "none"
NOT_SAID = "unsaid"  # a case whose worker did not say what kind of work they do
# A case whose city is not in the gazetteer: counted, never named (what the worker typed stays sealed).
OTHER_CITY = "other"
YES = "y"
NO = "n"


class Table(models.TextChoices):
    """Every table the dashboards publish (each can be downloaded as CSV or XLSX)."""

    BY_CATEGORY = "by_category", _("Cases by violation")
    BY_COUNTRY = "by_country", _("Cases by host country")
    BY_CITY = "by_city", _("Cases by city")
    BY_MONTH = "by_month", _("Cases by month")
    BY_KIND = "by_kind", _("Cases by kind of organisation")
    BY_SECTOR = "by_sector", _("Cases by kind of work")
    URGENT = "urgent", _("Urgent cases")
    OUTCOMES = "outcomes", _("Outcomes")
    MONEY = "money", _("Money recovered")
    RESPONSE_TIMES = "response_times", _("Time to first response and to closure by kind of organisation")
    REFERRALS = "referrals", _("Referrals between kinds of organisation")
    REPEAT_PARTIES = "repeat_parties", _("Employers and agencies with repeated reports")
    NETWORK_RESPONSE_TIMES = (
        "network_response_times",
        _("Time to first response and to closure per organisation"),
    )
    NETWORK_REFERRALS = "network_referrals", _("Referrals between organisations")
    SUGGESTIONS_BY_CATEGORY = (
        "suggestions_by_category",
        _("Suggestions read from the text, and what caseworkers made of them, by category"),
    )
    SUGGESTIONS_BY_LANGUAGE = (
        "suggestions_by_language",
        _("Suggestions read from the text, and what caseworkers made of them, by way of writing"),
    )


NETWORK_TABLES = frozenset({Table.NETWORK_RESPONSE_TIMES, Table.NETWORK_REFERRALS})


class Party(models.TextChoices):
    EMPLOYER = "employer", _("Employers")
    AGENCY = "agency", _("Recruitment agencies and intermediaries")


class Measure(models.TextChoices):
    FIRST_RESPONSE = "first_response", _("First response")
    CLOSURE = "closure", _("Closure")


class Condition(models.TextChoices):
    TUBERCULOSIS = "tuberculosis", _("Tuberculosis")
    HIV = "hiv", _("HIV")
    STI = "sti", _("Sexually transmitted infections")
    OTHER = "other", _("Other")


class Sex(models.TextChoices):
    FEMALE = "female", _("Women")
    MALE = "male", _("Men")
    UNKNOWN = "unknown", pgettext_lazy("sex", "Not recorded")


class AgeBand(models.TextChoices):
    UNDER_18 = "0-17", _("under 18")
    A18_24 = "18-24", "18–24"
    A25_34 = "25-34", "25–34"
    A35_44 = "35-44", "35–44"
    A45_54 = "45-54", "45–54"
    A55_PLUS = "55+", _("55 and over")
    UNKNOWN = "unknown", pgettext_lazy("age", "Not recorded")


class InstrumentKind(models.TextChoices):
    UN = "un", _("UN convention")
    ILO = "ilo", _("ILO convention")
    REGIONAL = "regional", _("Regional treaty")
    BILATERAL = "bilateral", _("Bilateral agreement")
    GLOBAL = "global", _("Global framework")


class Position(models.TextChoices):
    """Where a country stands towards an instrument."""

    PARTY = "party", _("Party (ratified or acceded)")
    MEMBER = "member", _("Member state")
    JOINED = "joined", _("Joined")
    SIGNED = "signed", _("Signed, not in force")
    NOT_PARTY = "not_party", _("Not a party")
    NOT_APPLICABLE = "not_applicable", _("Not applicable")
    UNKNOWN = "unknown", _("Not known")


class Confidence(models.TextChoices):
    """How sure we are of a fact (the marks of the domain facts)."""

    CONFIRMED = "confirmed", _("Confirmed in a source")
    TO_CHECK = "to_check", _("Secondary or older source: to be confirmed")
    UNCONFIRMED = "unconfirmed", _("Not confirmed by a source")


# Marks every font draws (the domain facts write them ✅ ⚠️ ❓, which need an emoji font).
CONFIDENCE_MARKS = {Confidence.CONFIRMED: "✓", Confidence.TO_CHECK: "⚠", Confidence.UNCONFIRMED: "?"}


class Unit(models.TextChoices):
    PERCENT = "percent", _("per cent")
    DAYS = "days", _("days")
    COUNT = "count", _("number")
    AMOUNT = "amount", _("amount")
    YES_NO = "yes_no", _("yes or no")


class Direction(models.TextChoices):
    UP = "up", _("Higher is better")
    DOWN = "down", _("Lower is better")


class RecommendationStatus(models.TextChoices):
    NOT_ASSESSED = "not_assessed", _("Not assessed")
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    PARTLY = "partly", _("Partly implemented")
    IMPLEMENTED = "implemented", _("Implemented")
    NO_LONGER_RELEVANT = "no_longer_relevant", _("No longer relevant")


class RecommendationSection(models.TextChoices):
    """The parts of the monitoring report's recommendations, by whom they address."""

    GENERAL = "general", _("Government and the migration authorities")
    HEALTH = "health", _("Health care")
    EDUCATION = "education", _("Education and science")
    MFA = "mfa", _("Ministry of Foreign Affairs and the embassies")
    MISSIONS = "missions", _("Diplomatic services in the host countries")
    RATIFICATION = "ratification", _("Host countries: ratifying the conventions")


class ReportKind(models.TextChoices):
    SITUATION = "situation", _("Situation report")
    CMW_ANNEX = "cmw_annex", _("Statistical annex for the UN Committee on Migrant Workers")


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting")
    RUNNING = "running", _("Being prepared")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")
    EXPIRED = "expired", _("Expired or already downloaded")


class ReviewState(models.TextChoices):
    """An analyst's entry waits for a second person's sign-off (the independent review) before it
    counts as the register's figure or status."""

    PENDING = "pending", _("Awaiting review")
    APPROVED = "approved", _("Approved")
    RETURNED = "returned", _("Returned for correction")


class GapKind(models.TextChoices):
    """What the register of treaty–law findings records: national law that contradicts a treaty, or
    a treaty obligation national law does not implement."""

    CONFLICT = "conflict", _("Conflict")
    GAP = "gap", _("Gap")


class AmendmentStatus(models.TextChoices):
    IDENTIFIED = "identified", _("Identified, no amendment proposed yet")
    PROPOSED = "proposed", _("Amendment proposed")
    DRAFTED = "drafted", _("Draft amendment under discussion")
    ADOPTED = "adopted", _("Amendment adopted")
    NO_ACTION = "no_action", _("No action planned")
