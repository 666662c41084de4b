from django.contrib import admin

from hygie.content.models import Collection, Item


@admin.register(Collection)
class CollectionAdmin(admin.ModelAdmin):
    """Content comes from the YAML files (`hygie contenu charger`), not from here."""

    list_display = ["key", "kind", "version", "title", "loaded_at"]
    readonly_fields = ["key", "kind", "version", "title", "file", "digest", "loaded_at"]

    def has_add_permission(self, request):
        return False


@admin.register(Item)
class ItemAdmin(admin.ModelAdmin):
    list_display = ["collection", "key", "version", "retired", "updated"]
    list_filter = ["collection", "retired"]
    search_fields = ["key"]
    readonly_fields = ["collection", "key", "version", "data", "position", "retired", "updated"]

    def has_add_permission(self, request):
        return False
