"""Platform administration of the monitoring registers. Published figures and tallies are not
editable here: they come only from the refresh job."""

from django.contrib import admin

from .models import Indicator, Instrument, InstrumentStatus, Recommendation


class InstrumentStatusInline(admin.TabularInline):
    model = InstrumentStatus
    extra = 0
    fields = ["country", "status", "since", "confidence", "since_confidence", "source"]


@admin.register(Instrument)
class InstrumentAdmin(admin.ModelAdmin):
    list_display = ["code", "kind", "year", "title_en"]
    inlines = [InstrumentStatusInline]


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["code", "unit", "method", "baseline", "target"]


@admin.register(Recommendation)
class RecommendationAdmin(admin.ModelAdmin):
    list_display = ["code", "section", "body", "status"]
    readonly_fields = ["status", "evidence", "status_updated_at", "status_updated_by"]
