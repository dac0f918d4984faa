"""Evidence pages. Worker pages sit at the root of the language prefix (/ky/tools/…); the staff page
of a case sits under /staff/, like every staff page. Documents and calculators of a case have one
route per kind, so that no URL takes a free-form parameter."""

from django.urls import path

from . import views

app_name = "evidence"

urlpatterns = [
    path("tools/", views.tools, name="tools"),
    path("tools/late-payment/", views.late_payment, name="late_payment"),
    path("tools/overtime/", views.overtime, name="overtime"),
    path("tools/unpaid-wages/", views.unpaid_wages, name="unpaid_wages"),
    path("tools/deadlines/", views.deadlines, name="deadlines"),
    path("tools/diary/", views.diary_page, name="diary"),
    path("tools/diary/add/", views.diary_add, name="diary_add"),
    path("tools/diary/bundle/", views.diary_bundle, name="diary_bundle"),
    path("verify/", views.verify, name="verify"),
    path("staff/evidence/cases/<uuid:case_id>/", views.case_evidence, name="case"),
    path("staff/evidence/cases/<uuid:case_id>/diary/", views.case_diary_add, name="case_diary_add"),
    path("staff/evidence/cases/<uuid:case_id>/photos/<uuid:file_id>/", views.case_photo, name="case_photo"),
    path(
        "staff/evidence/cases/<uuid:case_id>/photos/<uuid:file_id>/original/",
        views.case_photo,
        {"original": True},
        name="case_photo_original",
    ),
]

for _slug, _kind in (
    ("late-payment", "late_payment"),
    ("overtime", "overtime"),
    ("unpaid-wages", "unpaid_wages"),
    ("deadlines", "deadlines"),
):
    urlpatterns.append(
        path(
            f"staff/evidence/cases/<uuid:case_id>/calculate/{_slug}/",
            views.case_calculate,
            {"kind": _kind},
            name=f"case_calculate_{_kind}",
        )
    )

for _slug, _kind in (
    ("evidence-bundle", "evidence_bundle"),
    ("demand-letter", "demand_letter"),
    ("inspectorate-complaint", "inspectorate_complaint"),
    ("statement-of-claim", "statement_of_claim"),
):
    urlpatterns.append(
        path(
            f"staff/evidence/cases/<uuid:case_id>/documents/{_slug}.pdf",
            views.case_document,
            {"kind": _kind},
            name=f"case_document_{_kind}",
        )
    )
