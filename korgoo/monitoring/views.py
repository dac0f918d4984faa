"""Monitoring pages: the dashboard, exports and reports, indicators, instruments, the
recommendation tracker and disease-incidence statistics.

Thin: parse, call a selector or service, render. Every page needs monitoring.view; per-organisation
tables appear only for monitoring.network; each export format needs its own permission. A report
job of somebody else answers 404, like one that does not exist.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from korgoo.core.actor import Actor, ActorRequest
from korgoo.core.downloads import attachment_response
from korgoo.core.errors import ApplicationError, NotFound, PermissionDenied
from korgoo.core.web import errors_to_form
from korgoo.organisations.permissions import Perm, staff_view

from . import homecoming as returns_home
from . import selectors, services
from .charts import chart_for
from .choices import Condition, JobStatus, ReportKind
from .courts import court_legend, court_statistics, period_choices
from .forms import (
    FilterForm,
    FindingStatusForm,
    HealthEntryForm,
    HealthImportForm,
    IndicatorTargetForm,
    IndicatorValueForm,
    RecommendationStatusForm,
    ReportForm,
    ReviewForm,
)
from .models import (
    Indicator,
    IndicatorValue,
    LegalFinding,
    LegalFindingUpdate,
    Recommendation,
    RecommendationUpdate,
)
from .reports import legend, tables_xlsx
from .selectors.consular import consular_rows
from .selectors.staff import staff_balance

View = Callable[..., HttpResponse]
ROWS_ON_PAGE = 40


def _domain_errors(view: View) -> View:
    """Turn the domain's NotFound and PermissionDenied into 404 and 403."""

    @wraps(view)
    def wrapper(request: ActorRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except NotFound as exc:
            raise Http404 from exc
        except PermissionDenied as exc:
            raise DjangoPermissionDenied from exc

    return wrapper


def _actor(request: ActorRequest) -> Actor:
    return request.actor


def _context(request: ActorRequest, **extra: Any) -> dict[str, Any]:
    actor = _actor(request)
    return {
        "can": {
            "csv": actor.has(Perm.EXPORT_CSV),
            "xlsx": actor.has(Perm.EXPORT_XLSX),
            "pdf": actor.has(Perm.EXPORT_PDF),
            "network": actor.has(Perm.MONITORING_NETWORK),
            "edit": actor.has(Perm.INDICATORS_EDIT),
            "review": actor.has(Perm.INDICATORS_REVIEW),
            "health": actor.has(Perm.HEALTH_STATS_ENTER),
            "monitoring": actor.has(Perm.MONITORING_VIEW),
        },
        **extra,
    }


@staff_view(Perm.MONITORING_VIEW)
@_domain_errors
def dashboard(request: ActorRequest) -> HttpResponse:
    """The picture for the chosen period, country, kind of organisation and violation: every table
    with its chart, from published (suppressed) figures only."""
    actor = _actor(request)
    services.refresh_request()
    info = selectors.publication_info(actor=actor)
    filters = selectors.clean_filters(info, request.GET)
    form = FilterForm(initial=filters.as_params(), periods=info.periods)
    blocks = []
    for table in selectors.tables_for(actor=actor, filters=filters, rows_limit=ROWS_ON_PAGE):
        chart = chart_for(f"chart-{table.name}", table.title, table.chart, table.chart_items())
        blocks.append({"table": table, "chart": chart})
    return render(
        request,
        "monitoring/dashboard.html",
        _context(
            request,
            form=form,
            filters=filters,
            query=urlencode(filters.as_params()),
            info=info,
            blocks=blocks,
            legend=legend(info.threshold),
            report_form=ReportForm(initial={"kind": ReportKind.SITUATION}),
        ),
    )


@staff_view(Perm.MONITORING_VIEW)
@_domain_errors
def table_export(request: ActorRequest, table: str, fmt: str) -> HttpResponse:
    """One table (or every table, as "all") as CSV or XLSX, as filtered on the page."""
    actor = _actor(request)
    info = selectors.publication_info(actor=actor)
    filters = selectors.clean_filters(info, request.GET)
    filename, data = services.table_export(actor=actor, name=table, filters=filters, fmt=fmt)
    return attachment_response(data, filename)


@staff_view(Perm.MONITORING_VIEW)
@_domain_errors
def reports(request: ActorRequest) -> HttpResponse:
    """Ask for a PDF report (prepared in the background) and see one's recent reports."""
    actor = _actor(request)
    info = selectors.publication_info(actor=actor)
    if request.method == "POST":
        filters = selectors.clean_filters(info, request.POST)
        form = ReportForm(request.POST)
        if form.is_valid():
            try:
                job = services.report_request(actor=actor, kind=form.cleaned_data["kind"], filters=filters)
            except ApplicationError as error:
                if isinstance(error, PermissionDenied):
                    raise
                messages.error(request, str(error.message))
            else:
                return HttpResponseRedirect(reverse("monitoring:report_job", args=[job.pk]))
    return render(
        request,
        "monitoring/reports.html",
        _context(
            request,
            jobs=selectors.jobs_of(actor=actor),
            form=ReportForm(),
            info=info,
            filters=selectors.clean_filters(info, request.GET),
        ),
    )


@staff_view(Perm.MONITORING_VIEW)
@_domain_errors
def report_job(request: ActorRequest, job_id: str) -> HttpResponse:
    """A report being prepared: its progress, refreshed by htmx while it runs, then the link."""
    job = selectors.report_job_for(actor=_actor(request), job_id=job_id)
    template = (
        "monitoring/_job_status.html" if getattr(request, "htmx", False) else "monitoring/report_job.html"
    )
    running = job.status in (JobStatus.QUEUED, JobStatus.RUNNING)
    # django-htmx puts the CSP nonce on its script tag when the context names it this way.
    nonce = getattr(request, "csp_nonce", None)
    return render(
        request, template, _context(request, job=job, running=running, csp_nonce=nonce and str(nonce))
    )


@staff_view(Perm.EXPORT_PDF)
@_domain_errors
def report_download(request: ActorRequest, job_id: str) -> HttpResponse:
    filename, data = services.report_download(actor=_actor(request), job_id=job_id)
    return attachment_response(data, filename)


@staff_view(Perm.MONITORING_VIEW)
@_domain_errors
def indicators(request: ActorRequest) -> HttpResponse:
    """Indicators with their definition, source, baseline, target and periodic values; analysts
    enter the values case data cannot give."""
    actor = _actor(request)
    items = list(selectors.indicators_list(actor=actor))
    entered = [(i.code, i.text("name")) for i in items if not i.computed]
    form = IndicatorValueForm(indicators=entered)
    if request.method == "POST" and "decision" in request.POST:
        return _review_post(request, IndicatorValue, services.indicator_value_review, "monitoring:indicators")
    if request.method == "POST":
        if not actor.has(Perm.INDICATORS_EDIT):
            raise DjangoPermissionDenied
        if "baseline" in request.POST:
            target_form = IndicatorTargetForm(request.POST)
            if target_form.is_valid():
                data = target_form.cleaned_data
                indicator = Indicator.objects.filter(code=data["code"]).first()
                if indicator is None:
                    raise Http404
                try:
                    services.indicator_targets_set(
                        actor=actor,
                        indicator=indicator,
                        baseline=data["baseline"],
                        baseline_period=data["baseline_period"],
                        target=data["target"],
                        target_period=data["target_period"],
                    )
                except ApplicationError as error:
                    messages.error(request, str(error.message))
                else:
                    messages.success(request, _("Saved."))
                    return HttpResponseRedirect(reverse("monitoring:indicators"))
        else:
            form = IndicatorValueForm(request.POST, indicators=entered)
            if form.is_valid():
                data = form.cleaned_data
                indicator = Indicator.objects.get(code=data["indicator"])
                try:
                    services.indicator_value_enter(
                        actor=actor,
                        indicator=indicator,
                        period=data["period"],
                        value=data["value"],
                        note=data["note"],
                        evidence=data["evidence"],
                    )
                except ApplicationError as error:
                    errors_to_form(form, error)
                else:
                    messages.success(
                        request, _("The value is recorded. It counts once a reviewer approves it.")
                    )
                    return HttpResponseRedirect(reverse("monitoring:indicators"))
    return render(
        request,
        "monitoring/indicators.html",
        _context(request, indicators=items, form=form, awaiting=selectors.reviews_awaiting(actor=actor)),
    )


def _review_post(request: ActorRequest, model: Any, review: Any, page: str) -> HttpResponse:
    """A reviewer's decision on one awaiting entry of `model`; the service checks who may decide."""
    actor = _actor(request)
    if not actor.has(Perm.INDICATORS_REVIEW):
        raise DjangoPermissionDenied
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Please correct the marked fields."))
        return HttpResponseRedirect(reverse(page))
    entry = model.objects.filter(pk=form.cleaned_data["entry"]).first()
    if entry is None:
        raise Http404
    try:
        review(
            actor=actor,
            **{_REVIEWED_ARGUMENT[model]: entry},
            approve=form.cleaned_data["decision"] == "approve",
            note=form.cleaned_data["note"],
        )
    except ApplicationError as error:
        if isinstance(error, PermissionDenied):
            raise
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("The review is recorded."))
    return HttpResponseRedirect(reverse(page) + "#awaiting")


_REVIEWED_ARGUMENT = {IndicatorValue: "value", RecommendationUpdate: "update", LegalFindingUpdate: "update"}


@staff_view(Perm.MONITORING_VIEW)
@_domain_errors
def instruments(request: ActorRequest) -> HttpResponse:
    """The register of instruments and where Kyrgyzstan, Russia and Kazakhstan stand, with how
    sure each fact is."""
    items = list(selectors.instruments_list(actor=_actor(request)))
    rows = []
    for instrument in items:
        statuses = {s.country: s for s in instrument.statuses.all()}
        rows.append({"instrument": instrument, "statuses": [statuses.get(c) for c in ("KG", "RU", "KZ")]})
    return render(request, "monitoring/instruments.html", _context(request, rows=rows))


@staff_view(Perm.MONITORING_VIEW)
@_domain_errors
def recommendations(request: ActorRequest) -> HttpResponse:
    """The recommendations of the monitoring report: who is responsible, status and evidence."""
    actor = _actor(request)
    if request.method == "POST" and "decision" in request.POST:
        return _review_post(
            request, RecommendationUpdate, services.recommendation_update_review, "monitoring:recommendations"
        )
    if request.method == "POST":
        if not actor.has(Perm.INDICATORS_EDIT):
            raise DjangoPermissionDenied
        form = RecommendationStatusForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            recommendation = Recommendation.objects.filter(code=data["code"]).first()
            if recommendation is None:
                raise Http404
            services.recommendation_status_set(
                actor=actor, recommendation=recommendation, status=data["status"], evidence=data["evidence"]
            )
            messages.success(request, _("The status is proposed. It counts once a reviewer approves it."))
            return HttpResponseRedirect(reverse("monitoring:recommendations") + f"#rec-{recommendation.code}")
        messages.error(request, _("Please correct the marked fields."))
    items = list(selectors.recommendations_list(actor=actor))
    forms = {
        r.code: RecommendationStatusForm(initial={"code": r.code, "status": r.status, "evidence": r.evidence})
        for r in items
    }
    sections: dict[str, list[Any]] = {}
    for r in items:
        sections.setdefault(r.get_section_display(), []).append({"item": r, "form": forms[r.code]})
    return render(
        request,
        "monitoring/recommendations.html",
        _context(request, sections=sections, awaiting=selectors.reviews_awaiting(actor=actor)),
    )


@staff_view(Perm.MONITORING_VIEW)
@_domain_errors
def findings(request: ActorRequest) -> HttpResponse:
    """The register of conflicts and gaps between treaties and national law, with the amendment each
    needs and how far it has got; analysts propose a status, a reviewer approves it."""
    actor = _actor(request)
    if request.method == "POST" and "decision" in request.POST:
        return _review_post(
            request, LegalFindingUpdate, services.legal_finding_update_review, "monitoring:findings"
        )
    if request.method == "POST":
        if not actor.has(Perm.INDICATORS_EDIT):
            raise DjangoPermissionDenied
        form = FindingStatusForm(request.POST)
        if form.is_valid():
            finding = LegalFinding.objects.filter(code=form.cleaned_data["code"]).first()
            if finding is None:
                raise Http404
            try:
                services.legal_finding_status_propose(
                    actor=actor,
                    finding=finding,
                    status=form.cleaned_data["status"],
                    evidence=form.cleaned_data["evidence"],
                )
            except ApplicationError as error:
                messages.error(request, str(error.message))
            else:
                messages.success(request, _("The status is proposed. It counts once a reviewer approves it."))
            return HttpResponseRedirect(reverse("monitoring:findings") + f"#finding-{finding.code}")
        messages.error(request, _("Please correct the marked fields."))
    items = [
        {"item": f, "form": FindingStatusForm(initial={"code": f.code, "status": f.status})}
        for f in selectors.legal_findings_list(actor=actor)
    ]
    return render(
        request,
        "monitoring/findings.html",
        _context(request, findings=items, awaiting=selectors.reviews_awaiting(actor=actor)),
    )


@staff_view()
@_domain_errors
def health(request: ActorRequest) -> HttpResponse:
    """Published disease-incidence statistics (suppressed like the rest) for monitoring members, and
    for the members who enter counts (an organisation's administrator, an analyst) their own entries,
    the entry form and the CSV import. Anyone with neither permission gets 403."""
    actor = _actor(request)
    if not (actor.has(Perm.MONITORING_VIEW) or actor.has(Perm.HEALTH_STATS_ENTER)):
        raise DjangoPermissionDenied
    years = selectors.health_years(actor=actor) if actor.has(Perm.MONITORING_VIEW) else []
    filters = selectors.clean_health_filters(years, request.GET)
    return render(
        request,
        "monitoring/health.html",
        _context(
            request,
            years=years,
            filters=filters,
            conditions=Condition.choices,
            tables=selectors.health_tables(actor=actor, filters=filters) if years else [],
            own=selectors.health_stats_of(actor=actor),
            entry_form=HealthEntryForm(),
            import_form=HealthImportForm(),
            countries=[("RU", selectors.country_label("RU")), ("KZ", selectors.country_label("KZ"))],
        ),
    )


@require_POST
@staff_view(Perm.HEALTH_STATS_ENTER)
@_domain_errors
def health_enter(request: ActorRequest) -> HttpResponse:
    form = HealthEntryForm(request.POST)
    if form.is_valid():
        try:
            services.health_stats_enter(actor=_actor(request), rows=[services.HealthRow(**form.cleaned_data)])
        except ApplicationError as error:
            messages.error(request, str(error.message))
        else:
            messages.success(request, _("The count is recorded."))
    else:
        messages.error(request, _("Please correct the marked fields."))
    return HttpResponseRedirect(reverse("monitoring:health"))


@require_POST
@staff_view(Perm.HEALTH_STATS_ENTER)
@_domain_errors
def health_import(request: ActorRequest) -> HttpResponse:
    form = HealthImportForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > 2 * 1024 * 1024:
            messages.error(request, _("The file is too large (up to 2 MB)."))
            return HttpResponseRedirect(reverse("monitoring:health"))
        try:
            count = services.health_stats_import(actor=_actor(request), data=upload.read())
        except ApplicationError as error:
            details = "; ".join(f"{line}: {', '.join(msgs)}" for line, msgs in list(error.fields.items())[:5])
            messages.error(request, f"{error.message} {details}".strip())
        else:
            messages.success(request, _("%(n)d rows imported.") % {"n": count})
    return HttpResponseRedirect(reverse("monitoring:health"))


@staff_view(Perm.MONITORING_NETWORK)
@_domain_errors
def staff(request: ActorRequest) -> HttpResponse:
    """Coordinators: women among the caseworkers and lawyers of each mission and organisation, and the
    wishes for a woman caseworker against what each can offer."""
    rows = staff_balance(actor=_actor(request))
    return render(request, "monitoring/staff.html", _context(request, rows=rows))


@staff_view(Perm.MONITORING_NETWORK)
@_domain_errors
def consular(request: ActorRequest) -> HttpResponse:
    """Waiting time and no-shows at the consular missions, per month over the last year, with small
    numbers hidden (korgoo.monitoring.selectors.consular)."""
    since = (timezone.localdate() - dt.timedelta(days=365)).replace(day=1)
    rows = consular_rows(actor=_actor(request), since=since)
    return render(request, "monitoring/consular.html", _context(request, rows=rows, since=since))


@staff_view(Perm.MONITORING_VIEW)
def courts(request: ActorRequest) -> HttpResponse:
    """Court decisions on citizens of Kyrgyzstan: by region and court, outcome, article, expulsions
    without an interpreter, wage claims won; published figures only (suppressed like the rest)."""
    statistics = court_statistics(period=request.GET.get("period", "")[:7])
    if request.GET.get("format") == "xlsx":
        if not _actor(request).has(Perm.EXPORT_XLSX):
            raise DjangoPermissionDenied

        first, last = statistics.period or ("", "")
        meta = [
            (_("Korgoo monitoring"), _("Court decisions on citizens of Kyrgyzstan")),
            (_("Period"), f"{first} – {last}"),
            (_("Suppression"), court_legend(statistics.threshold)),
        ]
        return attachment_response(
            tables_xlsx(statistics.tables, meta), f"korgoo-court-decisions-{first or 'none'}.xlsx"
        )
    return render(
        request,
        "monitoring/courts.html",
        _context(
            request,
            statistics=statistics,
            period_choices=period_choices(statistics),
            legend=court_legend(statistics.threshold),
        ),
    )


@staff_view(Perm.MONITORING_VIEW)
def returns(request: ActorRequest) -> HttpResponse:
    """Returns home and hand-overs at home, by region and outcome; published figures only
    (suppressed like the rest)."""
    statistics = returns_home.return_statistics(period=request.GET.get("period", "")[:7])
    return render(
        request,
        "monitoring/returns.html",
        _context(
            request,
            statistics=statistics,
            period_choices=returns_home.period_choices(statistics),
            legend=returns_home.returns_legend(statistics.threshold),
        ),
    )
