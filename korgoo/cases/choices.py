"""The words of case work: violation categories, statuses, outcomes, events."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from korgoo.core.choices import Currency as Currency  # the models and forms of cases name it here


class Category(models.TextChoices):
    UNPAID_WAGES = "unpaid_wages", _("Unpaid wages")
    UNPAID_OVERTIME = "unpaid_overtime", _("Unpaid overtime")
    LOWER_PAY = "lower_pay", _("Pay lower than local workers")
    NO_CONTRACT = "no_contract", _("No written contract")
    UNJUST_DISMISSAL = "unjust_dismissal", _("Unjust dismissal")
    DOCUMENTS_TAKEN = "documents_taken", _("Passport or documents taken")
    UNSAFE_WORK = "unsafe_work", _("Unsafe work or injury")
    FORCED_WORK = "forced_work", _("Forced work, confinement, held as hostage, trafficking")
    VIOLENCE = "violence", _("Sexual or gender-based violence")
    CHILD_LABOUR = "child_labour", _("Child labour")
    POLICE = "police", _("Police raid, detention or expulsion")
    INTERMEDIARY_FRAUD = "intermediary_fraud", _("Fraud by an intermediary, or forged permit or documents")
    MEDICAL_REFUSED = "medical_refused", _("Medical care refused")
    HOUSING = "housing", _("Housing")
    OTHER = "other", _("Other")


# Reports in these categories are urgent: danger to a person, action within hours.
URGENT_CATEGORIES = frozenset({Category.FORCED_WORK, Category.VIOLENCE, Category.CHILD_LABOUR})


class Sector(models.TextChoices):
    """Where the worker works, as the monitoring counts it (optional; the worker may not say)."""

    CONSTRUCTION = "construction", _("Construction")
    TRADE = "trade", _("Trade and markets")
    SERVICES = "services", _("Cafés, hotels and other services")
    MANUFACTURING = "manufacturing", _("Sewing workshops and factories")
    AGRICULTURE = "agriculture", _("Farms and fields")
    TRANSPORT = "transport", _("Transport, taxi and delivery")
    DOMESTIC = "domestic", _("Work in a household (cleaning, care)")
    OTHER = "other", _("Other work")


class Status(models.TextChoices):
    NEW = "new", _("New")
    IN_PROGRESS = "in_progress", _("In progress")
    NEGOTIATION = "negotiation", _("Negotiation (pre-trial)")
    COURT = "court", _("Court")
    RETURNED = "returned", _("The worker returned home")
    CLOSED = "closed", _("Closed")


OPEN_STATUSES = (Status.NEW, Status.IN_PROGRESS, Status.NEGOTIATION, Status.COURT, Status.RETURNED)


class Outcome(models.TextChoices):
    RESOLVED = "resolved", _("Resolved")
    PARTLY_RESOLVED = "partly_resolved", _("Partly resolved")
    UNRESOLVED = "unresolved", _("Unresolved")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    LOST_CONTACT = "lost_contact", _("Lost contact")


class ContactChannel(models.TextChoices):
    PHONE = "phone", _("Phone")
    WHATSAPP = "whatsapp", "WhatsApp"
    TELEGRAM = "telegram", "Telegram"


class SharedField(models.TextChoices):
    """Parts of a case that a referral may pass to the receiving organisation."""

    DESCRIPTION = "description", _("What happened (the worker's words)")
    EMPLOYER = "employer", _("Employer")
    CONTACT = "contact", _("How to reach the worker")
    ATTACHMENTS = "attachments", _("Files")
    MESSAGES = "messages", _("Earlier messages")


class EventKind(models.TextChoices):
    OPENED = "opened", _("Report received")
    ROUTED = "routed", _("Placed with an organisation")
    QUEUED = "queued", _("Waiting for a coordinator")
    TRIAGED = "triaged", _("Triage changed")
    ASSIGNED = "assigned", _("Caseworker assigned")
    STATUS_CHANGED = "status_changed", _("Status changed")
    CLOSED = "closed", _("Closed")
    REOPENED = "reopened", _("Reopened")
    DEADLINE_SET = "deadline_set", _("Deadline set")
    MESSAGE_TO_WORKER = "message_to_worker", _("Message to the worker")
    MESSAGE_FROM_WORKER = "message_from_worker", _("Message from the worker")
    NOTE_ADDED = "note_added", _("Internal note")
    FILE_ADDED = "file_added", _("File added")
    FILE_HELD_BACK = "file_held_back", _("A file was held back by the virus check")
    FILE_DELETED = "file_deleted", _("A held-back file was deleted")
    INFO_ADDED = "info_added", _("The worker added information")
    REFERRAL_OFFERED = "referral_offered", _("Referral offered")
    REFERRAL_ACCEPTED = "referral_accepted", _("Referral accepted")
    REFERRAL_DECLINED = "referral_declined", _("Referral declined")
    REFERRAL_REVOKED = "referral_revoked", _("Referral revoked")
    CONSENT_WITHDRAWN = "consent_withdrawn", _("The worker withdrew consent")
    CONSENT_RESTORED = "consent_restored", _("The worker undid the withdrawal of consent")
    WITHDRAWN_ERASED = "withdrawn_erased", _("Erased after the worker withdrew consent")
    WORKER_CLOSED = "worker_closed", _("The worker closed the report")
    TRIAGE_SUGGESTED = "triage_suggested", _("Suggested from the text")
    SUGGESTION_ACCEPTED = "suggestion_accepted", _("A category suggested from the text was accepted")
    SUGGESTION_REJECTED = "suggestion_rejected", _("A category suggested from the text was rejected")
    URGENCY_CONFIRMED = "urgency_confirmed", _("Urgency suggested from the text was confirmed")
    URGENCY_LOWERED = "urgency_lowered", _("Urgency suggested from the text was lowered")
    CHANNEL_RECEIVED = "channel_received", _("Received through a messenger")
    CHANNEL_LINKED = "channel_linked", _("The worker linked a messenger chat")
    CHANNEL_UNLINKED = "channel_unlinked", _("The worker removed the link to a messenger chat")
    CONSULAR_BOOKED = "consular_booked", _("Consular appointment booked")
    CONSULAR_CANCELLED = "consular_cancelled", _("Consular appointment cancelled")
    CONSULAR_REMINDED = "consular_reminded", _("Reminder of a consular appointment")
    # The worker went home (korgoo.homecoming): the return, the hand-over at home, the claim kept.
    RETURNED_HOME = "returned_home", _("The worker returned home")
    HANDOVER_CONSENTED = "handover_consented", _("The worker agreed to a hand-over at home")
    CLAIM_UPDATED = "claim_updated", _("A step of the wage claim")


class SuggestionState(models.TextChoices):
    """What became of a suggestion read from the worker's text."""

    PENDING = "pending", _("Waiting for a caseworker")
    ACCEPTED = "accepted", _("Accepted")
    CHANGED = "changed", _("Changed by the caseworker")
    REJECTED = "rejected", _("Rejected")
