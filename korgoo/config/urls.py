"""URL roots. Pages live under a language prefix (/ky/, /ru/, /en/); the API and health checks do not."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from korgoo.core import views as core_views

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("readyz", core_views.readyz, name="readyz"),
    path("api/v1/", include("korgoo.config.api_urls")),
]
urlpatterns += i18n_patterns(
    path("", include("korgoo.intake.urls")),
    path("staff/", include("korgoo.cases.urls")),
    path("staff/referrals/", include("korgoo.referrals.urls")),
    path("accounts/", include("korgoo.accounts.urls")),
    path("admin/", admin.site.urls),
    prefix_default_language=True,
)

handler404 = "korgoo.core.views.page_not_found"
handler500 = "korgoo.core.views.server_error"
