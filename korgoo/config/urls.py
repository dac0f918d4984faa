"""URL roots. Pages live under a language prefix (/ky/, /ru/, /en/); the API and health checks do not."""

from typing import Any

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.urls import include, path, reverse

from korgoo.core import views as core_views


def admin_login(request: HttpRequest, extra_context: Any = None) -> HttpResponse:
    """The admin has no login of its own: platform administrators log in like all staff, with TOTP."""
    return redirect_to_login(
        request.GET.get("next", reverse("admin:index")), login_url=reverse("accounts:login")
    )


admin.site.login = admin_login  # type: ignore[method-assign]
admin.site.site_header = "Korgoo"

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("readyz", core_views.readyz, name="readyz"),
    path("favicon.ico", core_views.favicon, name="favicon"),
    path("api/v1/", include("korgoo.config.api_urls")),
    path("channels/", include("korgoo.channels.webhook_urls")),
]
urlpatterns += i18n_patterns(
    path("", include("korgoo.intake.urls")),
    # Help and knowledge (worker pages and their staff pages, each app under its own prefix).
    path("", include("korgoo.knowledge.urls")),
    path("", include("korgoo.directory.urls")),
    path("", include("korgoo.agencies.urls")),
    path("", include("korgoo.search.urls")),
    path("", include("korgoo.evidence.urls")),
    path("", include("korgoo.channels.urls")),
    path("", include("korgoo.homecoming.urls")),
    path("", include("korgoo.broadcasts.urls")),
    path("", include("korgoo.consular.urls")),
    path("", include("korgoo.courts.urls")),
    path("staff/", include("korgoo.cases.urls")),
    path("staff/exports/", include("korgoo.organisations.urls")),
    path("staff/tokens/", include("korgoo.organisations.token_urls")),
    path("staff/audit/", include("korgoo.organisations.audit_urls")),
    path("staff/me/", include("korgoo.organisations.profile_urls")),
    path("staff/referrals/", include("korgoo.referrals.urls")),
    path("staff/monitoring/", include("korgoo.monitoring.urls")),
    path("staff/replies/", include("korgoo.replies.urls")),
    path("staff/", include("korgoo.consular.staff_urls")),
    path("accounts/", include("korgoo.accounts.urls")),
    path("admin/", admin.site.urls),
    prefix_default_language=True,
)

handler400 = "korgoo.core.views.bad_request"
handler403 = "korgoo.core.views.permission_denied"
handler404 = "korgoo.core.views.page_not_found"
handler500 = "korgoo.core.views.server_error"
