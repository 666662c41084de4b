from django.contrib import admin

from hygie.phishing.models import AnalysisCount


@admin.register(AnalysisCount)
class AnalysisCountAdmin(admin.ModelAdmin):
    """How many messages were analysed, per day, channel and verdict: read only."""

    list_display = ["day", "channel", "verdict", "count"]
    list_filter = ["channel", "verdict"]
    date_hierarchy = "day"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
