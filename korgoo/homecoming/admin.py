"""Platform administrators keep which regions each organisation at home serves."""

from django.contrib import admin

from .models import HomeCover


@admin.register(HomeCover)
class HomeCoverAdmin(admin.ModelAdmin):
    list_display = ("organisation", "region")
    list_filter = ("region",)
    autocomplete_fields = ()
