"""What the case API takes and answers. Inputs are `JsonInput`/`QueryInput`: exactly the declared
fields, each of its JSON type; outputs describe every field the answers carry."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from korgoo.cases.choices import Category, EventKind, Outcome, Sector, SharedField, Status
from korgoo.cases.models import Case, CaseMessage
from korgoo.cases.selectors import InboxFilters
from korgoo.core.api_input import AmountField, JsonInput
from korgoo.core.choices import Currency, Language, OrganisationKind
from korgoo.core.pagination import PageQuery
from korgoo.core.scanning import ScanStatus

OPEN = "open"
STATUS_FILTERS = [(OPEN, "every status but closed"), *Status.choices]
OPEN_STATUSES = [s for s in Status.choices if s[0] != Status.CLOSED]
EXPORT_FORMATS = ["csv", "xlsx"]
ACCESS_LEVELS = [
    ("owner", "the organisation owns the case"),
    ("holder", "received by referral"),
    ("offered", "a referral to the organisation waits"),
    ("follow", "the organisation passed the case on and follows it"),
    ("queue", "a coordinator looking at a case not yet placed"),
]


class CaseSerializer(serializers.ModelSerializer):
    """One line of the inbox: the shape of a case, never its content."""

    reference = serializers.CharField(source="short_ref", help_text="The first 8 characters of the id.")
    city = serializers.CharField(
        source="city_name",
        help_text="The city's name in the language of the request; empty when the city is not in the gazetteer.",
    )
    locality_id = serializers.IntegerField(
        allow_null=True, help_text="The city's GeoNames id in the gazetteer; null when not recognised."
    )
    categories = serializers.SerializerMethodField()
    assignee = serializers.SerializerMethodField()
    organisation = serializers.UUIDField(source="organisation_id", allow_null=True)
    language = serializers.ChoiceField(choices=Language.choices)
    outcome = serializers.ChoiceField(
        choices=Outcome.choices, allow_blank=True, help_text="Empty until the case closes."
    )

    class Meta:
        model = Case
        fields = [
            "id",
            "reference",
            "organisation",
            "status",
            "outcome",
            "urgent",
            "categories",
            "country",
            "city",
            "locality_id",
            "language",
            "reported_on",
            "due_on",
            "assignee",
            "awaiting_reply",
            "last_activity_at",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.ListField(child=serializers.ChoiceField(choices=Category.choices)))
    def get_categories(self, case: Case) -> list[str]:
        return [c.category for c in case.categories.all()]

    @extend_schema_field(serializers.CharField(allow_null=True, help_text="The caseworker's full name."))
    def get_assignee(self, case: Case) -> str | None:
        return case.assignee.user.get_full_name() if case.assignee else None


class MessageOutSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    sender = serializers.ChoiceField(choices=CaseMessage.Sender.choices)
    body = serializers.CharField()
    at = serializers.DateTimeField()


class EventOutSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=EventKind.choices)
    at = serializers.DateTimeField()
    organisation = serializers.UUIDField(source="organisation_id", allow_null=True)


class FileOutSerializer(serializers.Serializer):
    """A file of the case. `scan_status`: `pending`, `clean`, `infected`, `error` (the check could
    not run; it is retried) or `not_scanned`; only a `downloadable` file may be opened, and a held-back
    file (`infected`, `error`) is served to nobody."""

    id = serializers.UUIDField()
    name = serializers.CharField(source="filename")
    content_type = serializers.CharField()
    size = serializers.IntegerField()
    added_at = serializers.DateTimeField()
    added_by_worker = serializers.BooleanField()
    has_original = serializers.BooleanField()
    scan_status = serializers.ChoiceField(choices=ScanStatus.choices)
    scan_signature = serializers.CharField(allow_blank=True)
    scanned_at = serializers.DateTimeField(allow_null=True)
    downloadable = serializers.BooleanField()


class ReportPartsSerializer(serializers.Serializer):
    """The parts of the report the caller may see: `description` gives `description` and
    `happened_on`; `employer` gives `employer_name`; `contact` gives `full_name`, `contact_channel` and
    `contact_value`. Absent parts are left out."""

    description = serializers.CharField(required=False, allow_blank=True)
    happened_on = serializers.CharField(
        required=False, allow_blank=True, help_text="YYYY-MM-DD, or empty when the worker did not say."
    )
    employer_name = serializers.CharField(required=False, allow_blank=True)
    full_name = serializers.CharField(required=False, allow_blank=True)
    contact_channel = serializers.CharField(
        required=False, allow_blank=True, help_text="phone, whatsapp, telegram, or empty."
    )
    contact_value = serializers.CharField(required=False, allow_blank=True)


class CaseDetailSerializer(CaseSerializer):
    """A case as the caller may see it: `access` says how its organisation sees the case, `fields`
    which parts of the report this caller sees."""

    access = serializers.ChoiceField(choices=ACCESS_LEVELS)
    # A declared field, taken off the class by DRF's metaclass: `Serializer.fields` stays intact.
    fields = serializers.ListField(child=serializers.ChoiceField(choices=SharedField.choices))  # type: ignore[assignment]
    report = ReportPartsSerializer()
    share_with = serializers.ListField(child=serializers.ChoiceField(choices=OrganisationKind.choices))
    money_recovered = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True)
    money_currency = serializers.ChoiceField(choices=Currency.choices, allow_blank=True)
    messages = MessageOutSerializer(many=True)
    events = EventOutSerializer(many=True)
    files = FileOutSerializer(many=True)

    class Meta(CaseSerializer.Meta):
        fields = [
            *CaseSerializer.Meta.fields,
            "access",
            "fields",
            "report",
            "prefers_woman_caseworker",
            "share_with",
            "money_recovered",
            "money_currency",
            "documents_returned",
            "closed_at",
            "messages",
            "events",
            "files",
        ]
        read_only_fields = fields

    def to_representation(self, view: Any) -> dict[str, Any]:
        case = view.case
        data = dict(CaseSerializer(case).data)
        data.update(
            {
                "access": view.level,
                "fields": sorted(view.fields),
                "report": view.report,
                "prefers_woman_caseworker": case.prefers_woman_caseworker,
                "share_with": case.share_with,
                "money_recovered": str(case.money_recovered) if case.money_recovered is not None else None,
                "money_currency": case.money_currency,
                "documents_returned": case.documents_returned,
                "closed_at": case.closed_at.isoformat() if case.closed_at else None,
                "messages": MessageOutSerializer(self.context.get("messages", []), many=True).data,
                "events": EventOutSerializer(self.context.get("events", []), many=True).data,
                "files": FileOutSerializer(self.context.get("files", []), many=True).data,
                # What triage read in the text, for the organisation working the case; the words only
                # with the description they come from.
                "suggestions": [
                    {"subject": s.subject, "state": s.state, "words": view.triage_words.get(s.subject, [])}
                    for s in self.context.get("suggestions", [])
                ],
            }
        )
        return data


class CreatedSerializer(serializers.Serializer):
    id = serializers.UUIDField()


class CaseListQuery(PageQuery):
    """The inbox filters. A value that is not one of these is refused, never dropped: a mistyped
    filter must not widen the answer."""

    status = serializers.ChoiceField(
        choices=STATUS_FILTERS, required=False, allow_blank=True, help_text="Empty or left out: every status."
    )
    category = serializers.ChoiceField(choices=Category.choices, required=False, allow_blank=True)
    urgent = serializers.BooleanField(required=False, help_text="true or false (1 or 0); absent: both.")
    overdue = serializers.BooleanField(required=False, help_text="true: open cases past their deadline.")
    q = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=200,
        help_text="Words of the description or employer, the first characters of a reference or id, or a city (any spelling the gazetteer knows).",
    )


class SuggestionInSerializer(JsonInput):
    subject = serializers.CharField(max_length=32, help_text='A category code, or "urgent".')
    accept = serializers.BooleanField()


class SuggestionDecidedSerializer(serializers.Serializer):
    urgent = serializers.BooleanField()
    categories = serializers.ListField(child=serializers.ChoiceField(choices=Category.choices))


class BodyInSerializer(JsonInput):
    body = serializers.CharField(max_length=10_000)


class StatusInSerializer(JsonInput):
    status = serializers.ChoiceField(choices=OPEN_STATUSES)


class StatusOutSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=Status.choices)


class CloseInSerializer(JsonInput):
    outcome = serializers.ChoiceField(choices=Outcome.choices)
    money_recovered = AmountField(required=False, allow_null=True)
    money_currency = serializers.ChoiceField(
        choices=Currency.choices,
        required=False,
        allow_blank=True,
        default="",
        help_text="Required with an amount.",
    )
    documents_returned = serializers.BooleanField(required=False, default=False)


class CloseOutSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=Status.choices)
    outcome = serializers.ChoiceField(choices=Outcome.choices)


class TriageInSerializer(JsonInput):
    categories = serializers.ListField(
        child=serializers.ChoiceField(choices=Category.choices), min_length=1, max_length=len(Category.values)
    )
    urgent = serializers.BooleanField()
    sector = serializers.ChoiceField(
        choices=Sector.choices,
        required=False,
        allow_blank=True,
        help_text='The kind of work; "" when not known; left as it is when absent.',
    )


class TriageOutSerializer(serializers.Serializer):
    urgent = serializers.BooleanField()
    sector = serializers.ChoiceField(choices=Sector.choices, allow_blank=True)


class CaseExportInSerializer(JsonInput):
    """An inbox export: the format and the same filters as the case list (`status` may be `open`).
    An unknown value of a filter is refused: a mistyped filter must not export more than meant."""

    format = serializers.ChoiceField(choices=EXPORT_FORMATS)
    status = serializers.ChoiceField(choices=STATUS_FILTERS, required=False, allow_blank=True, default="")
    category = serializers.ChoiceField(choices=Category.choices, required=False, allow_blank=True, default="")
    urgent = serializers.BooleanField(required=False, allow_null=True, default=None)
    overdue = serializers.BooleanField(required=False, default=False)
    q = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)


class CaseExportOutSerializer(serializers.Serializer):
    """Shown once: the archive's password is not kept anywhere, and the download works once."""

    id = serializers.UUIDField()
    format = serializers.ChoiceField(choices=EXPORT_FORMATS)
    filename = serializers.CharField()
    rows = serializers.IntegerField()
    password = serializers.CharField()
    download_url = serializers.URLField()
    expires_at = serializers.DateTimeField()


def inbox_filters_from(data: dict[str, Any]) -> InboxFilters:
    return InboxFilters(
        status=data.get("status") or "",
        category=data.get("category") or "",
        urgent=data.get("urgent"),
        overdue=bool(data.get("overdue")),
        q=data.get("q") or "",
    )
