"""API login: a bearer token for username, password and (when set up) the one-time code."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

from korgoo.accounts import services
from korgoo.core.api import ApiView
from korgoo.core.api_input import JsonInput
from korgoo.core.errors import Unauthenticated
from korgoo.core.openapi import errors, register_errors
from korgoo.core.throttle import client_fingerprint
from korgoo.organisations.services import api_token_create

register_errors(
    {
        "login_failed": (
            401,
            "wrong username, password or one-time code, or an account without a confirmed authenticator",
        ),
    }
)


class TokenInSerializer(JsonInput):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=256, trim_whitespace=False)
    otp = serializers.CharField(
        max_length=10, required=False, allow_blank=True, default="", help_text="The current one-time code."
    )


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(help_text="Send as `Authorization: Bearer <token>`; valid 12 hours.")


class TokenCreateApi(ApiView):
    """Exchange credentials for a bearer token bound to the user's membership (valid 12 hours).
    When two-factor login is enforced, an account without a confirmed authenticator must first
    set one up through the web login. Every failure of the credentials answers the same 401."""

    authentication_classes: list[Any] = []
    permission_classes = [AllowAny]

    @extend_schema(request=TokenInSerializer, responses={200: TokenSerializer}, tags=["auth"])
    @errors("login_failed", "throttled")
    def post(self, request: Request) -> Response:
        data_in = TokenInSerializer(data=request.data)
        data_in.is_valid(raise_exception=True)
        d = data_in.validated_data
        client = client_fingerprint(request._request)
        result = services.login_check(
            request=None, username=d["username"], password=d["password"], otp=d["otp"], client=client
        )
        if result.needs_enrolment:
            raise Unauthenticated("login_failed", services.GENERIC_FAILURE)
        token = api_token_create(user=result.user, expires_at=timezone.now() + dt.timedelta(hours=12))
        services.login_succeeded(user=result.user, username=d["username"], client=client)
        return Response({"token": token})
