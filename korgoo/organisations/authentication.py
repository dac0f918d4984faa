"""API authentication: `Authorization: Bearer <token>`, a token bound to one membership."""

from __future__ import annotations

import hashlib
from typing import Any

from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

from .models import ApiToken
from .selectors import actor_for_membership


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class BearerTokenAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request: Any) -> tuple[Any, Any] | None:
        header = authentication.get_authorization_header(request).decode(errors="ignore")
        if not header:
            return None
        keyword, _sep, token = header.partition(" ")
        if keyword != self.keyword or not token.strip():
            return None
        row = (
            ApiToken.objects.select_related("membership__user", "membership__organisation")
            .filter(digest=token_digest(token.strip()), revoked=False, expires_at__gt=timezone.now())
            .first()
        )
        membership = row.membership if row else None
        if (
            row is None
            or membership is None
            or not membership.is_active
            or not membership.user.is_active
            or not membership.organisation.is_active
            # A password change or "log out everywhere" since the token was issued ends it too.
            or not constant_time_compare(row.auth_stamp, membership.user.get_session_auth_hash())
        ):
            raise exceptions.AuthenticationFailed(_("Invalid or expired token."))
        request._request.actor = actor_for_membership(membership)
        return membership.user, row

    def authenticate_header(self, request: Any) -> str:
        return self.keyword


try:
    from drf_spectacular.extensions import OpenApiAuthenticationExtension

    class BearerTokenScheme(OpenApiAuthenticationExtension):
        """Describes the bearer token in the OpenAPI document."""

        target_class = "korgoo.organisations.authentication.BearerTokenAuthentication"
        name = "bearerAuth"

        def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
            return {"type": "http", "scheme": "bearer"}

except ImportError:  # pragma: no cover - drf-spectacular is a dependency
    pass
