from django.contrib import admin

from hygie.orgs.models import Invitation, Membership, Organisation


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "profession", "require_mfa", "created", "is_demo"]
    list_filter = ["kind", "require_mfa", "is_demo"]
    search_fields = ["name", "code"]
    readonly_fields = ["code", "created", "is_demo"]
    inlines = [MembershipInline]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "org", "role", "created", "expires", "accepted_at", "revoked_at"]
    search_fields = ["email", "org__name"]
    readonly_fields = ["token", "created"]
    raw_id_fields = ["org", "invited_by"]
