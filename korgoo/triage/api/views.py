"""`POST /api/v1/triage/`: what triage reads in a text, for staff.

Staff who may triage cases (`case.triage`) send a text and get the suggested categories, whether it
is urgent, and the words behind each suggestion. Nothing is stored, logged or audited: the text is
not a case and names no organisation's data, so the answer is the same whoever asks.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiExample, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.response import Response

from korgoo.core.actor import ApiRequest
from korgoo.core.api import ApiView, read_body
from korgoo.core.api_input import JsonInput
from korgoo.core.errors import ApplicationError
from korgoo.core.openapi import errors, register_errors
from korgoo.organisations.permissions import Perm, ensure_permission
from korgoo.triage.engine import triage_text
from korgoo.triage.lexicon import CATEGORIES, URGENT

MAX_TEXT = 10_000  # the longest description a report may have
CATEGORY_HELP = "A category code: " + ", ".join(CATEGORIES) + "."


register_errors({"empty_text": (400, "the text to read is empty or only spaces")})


class TextTriageInSerializer(JsonInput):
    text = serializers.CharField(
        allow_blank=True, trim_whitespace=False, max_length=MAX_TEXT, help_text="Up to 10,000 characters."
    )


EVIDENCE = inline_serializer(
    "TextTriageEvidence",
    {
        "category": serializers.CharField(required=False, help_text=CATEGORY_HELP),
        "urgent": serializers.BooleanField(required=False),
        "words": serializers.ListField(child=serializers.CharField()),
    },
)


class TriageApi(ApiView):
    """Suggest categories and urgency for a text, with the words that made each suggestion."""

    @extend_schema(
        request=TextTriageInSerializer,
        responses={
            200: inline_serializer(
                "TextTriageOut",
                {
                    "categories": serializers.ListField(child=serializers.CharField(help_text=CATEGORY_HELP)),
                    "urgent": serializers.BooleanField(),
                    "evidence": serializers.ListField(child=EVIDENCE),
                },
            )
        },
        examples=[
            OpenApiExample(
                "Locked in, Kyrgyz in Latin letters",
                request_only=True,
                value={"text": "bizdi jatakanadan chygarbay kamap koyushtu"},
            ),
            OpenApiExample(
                "Answer",
                response_only=True,
                value={
                    "categories": ["forced_work"],
                    "urgent": True,
                    "evidence": [
                        {"category": "forced_work", "words": ["chygarbay", "kamap"]},
                        {"urgent": True, "words": ["chygarbay", "kamap"]},
                    ],
                },
            ),
        ],
        tags=["triage"],
    )
    @errors("permission_denied", "empty_text")
    def post(self, request: ApiRequest) -> Response:
        ensure_permission(request.actor, Perm.CASE_TRIAGE)
        data_in = read_body(TextTriageInSerializer, request)
        text: str = data_in["text"]
        if not text.strip():
            message = _("Write the text to read.")
            raise ApplicationError("empty_text", message, {"text": [str(message)]})
        result = triage_text(text)
        evidence: list[dict[str, Any]] = [
            {URGENT: True, "words": list(e.words)}
            if e.subject == URGENT
            else {"category": e.subject, "words": list(e.words)}
            for e in result.evidence
        ]
        return Response(
            {"categories": list(result.categories), "urgent": result.urgent, "evidence": evidence}
        )
