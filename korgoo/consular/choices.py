"""The words of the consular reception: services, kinds and states of bookings and tickets."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ServiceCode(models.TextChoices):
    """Consular services a mission may publish; each mission chooses its own and their details."""

    PASSPORT = "passport", _("Passport")
    RETURN_CERTIFICATE = "return_certificate", _("Certificate of return to Kyrgyzstan")
    NOTARIAL = "notarial", _("Notarial acts")
    REGISTRATION = "registration", _("Consular registration")
    LABOUR_CONSULTATION = "labour_consultation", _("Legal consultation with the labour attaché")
    OTHER = "other", _("Other consular matters")


# The letter of each service on the tickets of the hall ("A-017"): Latin capitals, readable aloud in
# Kyrgyz and Russian alike.
TICKET_LETTERS = {
    ServiceCode.PASSPORT: "A",
    ServiceCode.RETURN_CERTIFICATE: "B",
    ServiceCode.NOTARIAL: "C",
    ServiceCode.REGISTRATION: "D",
    ServiceCode.LABOUR_CONSULTATION: "E",
    ServiceCode.OTHER: "F",
}


class BookingKind(models.TextChoices):
    GENERAL = "general", _("General booking")
    EMERGENCY = "emergency", _("Emergency booking by a caseworker")


class BookingStatus(models.TextChoices):
    BOOKED = "booked", _("Booked")
    CHECKED_IN = "checked_in", _("Checked in")
    CALLED = "called", _("Called to a window")
    SERVED = "served", _("Served")
    NO_SHOW = "no_show", _("Did not come")
    CANCELLED = "cancelled", _("Cancelled")


# A booking in one of these states holds its place and counts against "one per person per service".
ACTIVE_STATUSES = (BookingStatus.BOOKED, BookingStatus.CHECKED_IN, BookingStatus.CALLED)


class LinkedBy(models.TextChoices):
    NONE = "", _("Not linked to a report")
    RECEIPT = "receipt", _("Linked by the worker with the receipt")
    CASEWORKER = "caseworker", _("Booked from the case by a caseworker")


class Channel(models.TextChoices):
    """How the worker wants to be reminded. Messenger channels plug in through the same adapters."""

    NONE = "", _("No reminder")
    SMS = "sms", _("SMS")
    TRACKING = "tracking", _("On the page of my report (with the receipt)")


class TicketKind(models.TextChoices):
    BOOKED = "booked", _("Booked")
    WALK_IN = "walk_in", _("Walk-in")
    EMERGENCY = "emergency", _("Emergency")


class TicketStatus(models.TextChoices):
    WAITING = "waiting", _("Waiting")
    CALLED = "called", _("Called to a window")
    SERVED = "served", _("Served")
    NO_SHOW = "no_show", _("Did not come to the window")


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")
