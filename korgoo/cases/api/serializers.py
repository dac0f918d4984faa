from __future__ import annotations

from typing import Any

from rest_framework import serializers

from korgoo.cases.choices import Category, Currency, Outcome, Sector, Status
from korgoo.cases.models import Case


class CaseListSerializer(serializers.ModelSerializer):
    reference = serializers.CharField(source="short_ref")
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

    def get_categories(self, case: Case) -> list[str]:
        return [c.category for c in case.categories.all()]

    def get_assignee(self, case: Case) -> str | None:
        return case.assignee.user.get_full_name() if case.assignee else None


class MessageOutSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    sender = serializers.CharField()
    body = serializers.CharField()
    at = serializers.DateTimeField()


class EventOutSerializer(serializers.Serializer):
    kind = serializers.CharField()
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
    scan_status = serializers.CharField()
    scan_signature = serializers.CharField()
    scanned_at = serializers.DateTimeField(allow_null=True)
    downloadable = serializers.BooleanField()


class CaseDetailSerializer(serializers.Serializer):
    """A case as the actor may see it: `fields` says which parts of the report are visible."""

    def to_representation(self, view: Any) -> dict[str, Any]:
        case = view.case
        data = CaseListSerializer(case).data
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


class SuggestionInSerializer(serializers.Serializer):
    subject = serializers.CharField(max_length=32, help_text='A category code, or "urgent".')
    accept = serializers.BooleanField()


class BodyInSerializer(serializers.Serializer):
    body = serializers.CharField(max_length=10_000)


class StatusInSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=[s for s in Status.choices if s[0] != Status.CLOSED])


class CloseInSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=Outcome.choices)
    money_recovered = serializers.DecimalField(
        max_digits=14, decimal_places=2, required=False, allow_null=True, min_value=0
    )
    money_currency = serializers.ChoiceField(
        choices=Currency.choices, required=False, allow_blank=True, default=""
    )
    documents_returned = serializers.BooleanField(required=False, default=False)


class TriageInSerializer(serializers.Serializer):
    categories = serializers.ListField(child=serializers.ChoiceField(choices=Category.choices), min_length=1)
    urgent = serializers.BooleanField()
    sector = serializers.ChoiceField(
        choices=Sector.choices,
        required=False,
        allow_blank=True,
        help_text='The kind of work; "" when not known; left as it is when absent.',
    )


class CaseExportInSerializer(serializers.Serializer):
    """An inbox export: the format and the same filters as the case list (`status` may be `open`)."""

    format = serializers.ChoiceField(choices=["csv", "xlsx"])
    status = serializers.CharField(required=False, allow_blank=True, default="", max_length=20)
    category = serializers.CharField(required=False, allow_blank=True, default="", max_length=40)
    urgent = serializers.BooleanField(required=False, allow_null=True, default=None)
    overdue = serializers.BooleanField(required=False, default=False)
    q = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)


class CaseExportOutSerializer(serializers.Serializer):
    """Shown once: the archive's password is not kept anywhere, and the download works once."""

    id = serializers.UUIDField()
    format = serializers.CharField()
    filename = serializers.CharField()
    rows = serializers.IntegerField()
    password = serializers.CharField()
    download_url = serializers.URLField()
    expires_at = serializers.DateTimeField()
