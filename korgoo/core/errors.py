"""Errors that domain code raises and every interface turns into the same answer.

`ApplicationError` carries a stable machine code and a translated message; the API renders it as
`{"code", "message", "fields"}`, the web views as a form error. `NotFound` is raised alike for
"missing" and "not yours", so no interface can tell them apart.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _


class ApplicationError(Exception):
    status = 400

    def __init__(self, code: str, message: Any, fields: dict[str, list[str]] | None = None) -> None:
        super().__init__(code)
        self.code = code
        self.message = message
        self.fields = fields or {}


class Unauthenticated(ApplicationError):
    """The credentials were not accepted (401)."""

    status = 401


class NotFound(ApplicationError):
    status = 404

    def __init__(self) -> None:
        super().__init__("not_found", _("Not found."))


class PermissionDenied(ApplicationError):
    status = 403

    def __init__(self) -> None:
        super().__init__("permission_denied", _("You do not have permission to do this."))


class Conflict(ApplicationError):
    status = 409


class Throttled(ApplicationError):
    status = 429

    def __init__(self, retry_after: int) -> None:
        super().__init__("throttled", _("Too many attempts. Please wait and try again."))
        self.retry_after = retry_after
