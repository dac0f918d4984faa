"""API login: a bearer token for username, password and (when set up) the one-time code; and its
revocation by whoever presents it."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.authentication import BaseAuthentication
from rest_framework.exceptions import NotAuthenticated
from rest_framework.permissions import AllowAny, BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from korgoo.accounts import services
from korgoo.core.api import ApiView, read_body
from korgoo.core.api_input import JsonInput
from korgoo.core.errors import ApplicationError, Unauthenticated
from korgoo.core.openapi import errors, register_errors
from korgoo.core.throttle import client_fingerprint
from korgoo.organisations.authentication import BearerTokenAuthentication
from korgoo.organisations.models import ApiToken
from korgoo.organisations.selectors import actor_for_membership
from korgoo.organisations.services import api_token_create, api_token_revoke

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


def _logging_out(request: object) -> bool:
    """Only `DELETE` takes the token; any other method is answered without one (405 for those the
    endpoint does not have, rather than 401)."""
    return getattr(request, "method", "") == "DELETE"


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(help_text="Send as `Authorization: Bearer <token>`; valid 12 hours.")


class TokenCreateApi(ApiView):
    """`POST`: exchange credentials for a bearer token bound to the user's membership (valid 12
    hours). When two-factor login is enforced, an account without a confirmed authenticator must
    first set one up through the web login. Every failure of the credentials answers the same 401,
    whatever failed.

    `DELETE`: revoke the token presented in `Authorization: Bearer …` (logging out of the API)."""

    def get_authenticators(self) -> list[BaseAuthentication]:
        # Logging in is open to anyone (a token, if sent, is ignored); logging out takes the token.
        return [BearerTokenAuthentication()] if _logging_out(self.request) else []

    def get_permissions(self) -> list[BasePermission]:
        return [IsAuthenticated()] if _logging_out(self.request) else [AllowAny()]

    @extend_schema(request=TokenInSerializer, responses={200: TokenSerializer}, tags=["auth"])
    @errors("login_failed", "throttled")
    def post(self, request: Request) -> Response:
        data_in = read_body(TokenInSerializer, request)
        d = data_in
        client = client_fingerprint(request._request)
        result = services.login_check(
            request=None, username=d["username"], password=d["password"], otp=d["otp"], client=client
        )
        if result.needs_enrolment:
            raise Unauthenticated("login_failed", services.GENERIC_FAILURE)
        try:
            token = api_token_create(user=result.user, expires_at=timezone.now() + dt.timedelta(hours=12))
        except ApplicationError:  # e.g. no membership: the right password must not be told apart
            raise Unauthenticated("login_failed", services.GENERIC_FAILURE) from None
        services.login_succeeded(user=result.user, username=d["username"], client=client)
        return Response({"token": token})

    @extend_schema(request=None, responses={204: None}, tags=["auth"])
    @errors("not_authenticated")
    def delete(self, request: Request) -> Response:
        if not isinstance(request.auth, ApiToken):  # a session, never a token: nothing to revoke
            raise NotAuthenticated()
        api_token_revoke(actor=actor_for_membership(request.auth.membership), token=request.auth)
        return Response(status=204)
