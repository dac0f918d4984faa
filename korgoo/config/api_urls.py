"""The REST API, version 1."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from korgoo.cases.api.views import (
    CaseCloseApi,
    CaseDetailApi,
    CaseExportCreateApi,
    CaseExportDownloadApi,
    CaseListApi,
    CaseMessageApi,
    CaseNoteApi,
    CaseStatusApi,
    CaseSuggestionApi,
    CaseTriageApi,
)
from korgoo.intake.api.views import ReportChallengeApi, ReportCreateApi, ReportMessageApi, ReportTrackApi
from korgoo.organisations.api.audit import AuditEventListApi
from korgoo.organisations.api.tokens import TokenCreateApi
from korgoo.organisations.api.views import OrganisationListApi
from korgoo.referrals.api.views import (
    ReferralAcceptApi,
    ReferralCreateApi,
    ReferralDeclineApi,
    ReferralRevokeApi,
)

app_name = "api"

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves its start-up script as a file, so the page needs no inline script (CSP).
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    path("reports/", ReportCreateApi.as_view(), name="report-create"),
    path("reports/challenge/", ReportChallengeApi.as_view(), name="report-challenge"),
    path("reports/track/", ReportTrackApi.as_view(), name="report-track"),
    path("reports/messages/", ReportMessageApi.as_view(), name="report-message"),
    path("auth/token/", TokenCreateApi.as_view(), name="auth-token"),
    path("audit/events/", AuditEventListApi.as_view(), name="audit-events"),
    path("organisations/", OrganisationListApi.as_view(), name="organisation-list"),
    path("cases/", CaseListApi.as_view(), name="case-list"),
    # Before cases/<case_id>/, which would take "exports" for a case id.
    path("cases/exports/", CaseExportCreateApi.as_view(), name="case-export-create"),
    path(
        "cases/exports/<str:export_id>/download/",
        CaseExportDownloadApi.as_view(),
        name="case-export-download",
    ),
    path("cases/<str:case_id>/", CaseDetailApi.as_view(), name="case-detail"),
    path("cases/<str:case_id>/messages/", CaseMessageApi.as_view(), name="case-message"),
    path("cases/<str:case_id>/notes/", CaseNoteApi.as_view(), name="case-note"),
    path("cases/<str:case_id>/status/", CaseStatusApi.as_view(), name="case-status"),
    path("cases/<str:case_id>/triage/", CaseTriageApi.as_view(), name="case-triage"),
    path("cases/<str:case_id>/suggestions/", CaseSuggestionApi.as_view(), name="case-suggestion"),
    path("cases/<str:case_id>/close/", CaseCloseApi.as_view(), name="case-close"),
    path("cases/<str:case_id>/referrals/", ReferralCreateApi.as_view(), name="case-referral-create"),
    path("referrals/<str:referral_id>/accept/", ReferralAcceptApi.as_view(), name="referral-accept"),
    path("referrals/<str:referral_id>/decline/", ReferralDeclineApi.as_view(), name="referral-decline"),
    path("referrals/<str:referral_id>/revoke/", ReferralRevokeApi.as_view(), name="referral-revoke"),
    # Help and knowledge, evidence and monitoring: each app lists its own endpoints.
    path("", include("korgoo.knowledge.api.urls")),
    path("", include("korgoo.directory.api.urls")),
    path("", include("korgoo.agencies.api.urls")),
    path("", include("korgoo.search.api.urls")),
    path("", include("korgoo.evidence.api.urls")),
    path("", include("korgoo.courts.api.urls")),
    path("", include("korgoo.monitoring.api.urls")),
    path("", include("korgoo.triage.api.urls")),
    path("", include("korgoo.consular.api.urls")),
    path("", include("korgoo.homecoming.api.urls")),
    path("", include("korgoo.broadcasts.api.urls")),
]
