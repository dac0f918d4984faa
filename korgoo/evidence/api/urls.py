"""Evidence endpoints under /api/v1/: the calculators and document verification (public), and the
evidence of a case (its caseworkers)."""

from django.urls import path

from . import views

urlpatterns = [
    path("tools/late-payment/", views.LatePaymentApi.as_view(), name="tools-late-payment"),
    path("tools/overtime/", views.OvertimeApi.as_view(), name="tools-overtime"),
    path("tools/unpaid-wages/", views.UnpaidWagesApi.as_view(), name="tools-unpaid-wages"),
    path("tools/deadlines/", views.DeadlinesApi.as_view(), name="tools-deadlines"),
    path("documents/verify/", views.DocumentVerifyApi.as_view(), name="documents-verify"),
    path("cases/<str:case_id>/diary/", views.CaseDiaryApi.as_view(), name="case-diary"),
    path("cases/<str:case_id>/calculations/", views.CaseCalculationApi.as_view(), name="case-calculations"),
    path("cases/<str:case_id>/documents/", views.CaseDocumentApi.as_view(), name="case-documents"),
]
