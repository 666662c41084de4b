from django.contrib import admin

from hygie.journal.models import Chain, Entry


class ReadOnlyAdmin(admin.ModelAdmin):
    """The journal is append-only: support staff may read it, never change it."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Entry)
class EntryAdmin(ReadOnlyAdmin):
    list_display = ["time", "chain", "seq", "actor_label", "action", "object_label"]
    list_filter = ["action"]
    search_fields = ["actor_label", "object_label", "chain"]


@admin.register(Chain)
class ChainAdmin(ReadOnlyAdmin):
    list_display = ["key", "last_seq", "last_hash"]
