from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from hygie.accounts.models import LoginFailure, Session, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = [
        "email",
        "full_name",
        "email_confirmed_at",
        "is_active",
        "is_staff",
        "last_login",
    ]
    list_filter = ["is_active", "is_staff"]
    search_fields = ["email", "full_name"]
    readonly_fields = ["date_joined", "last_login", "email_confirmed_at"]
    fieldsets = [
        (None, {"fields": ["email", "full_name", "password"]}),
        ("État", {"fields": ["is_active", "email_confirmed_at", "date_joined", "last_login"]}),
        ("Support", {"fields": ["is_staff", "is_superuser", "groups", "user_permissions"]}),
    ]
    add_fieldsets = [(None, {"fields": ["email", "full_name", "password1", "password2"]})]


@admin.register(Session)
class SessionAdmin(admin.ModelAdmin):
    list_display = ["user", "ip", "created", "last_activity", "expire_date"]
    fields = ["user", "ip", "user_agent", "created", "last_activity", "expire_date"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False


@admin.register(LoginFailure)
class LoginFailureAdmin(admin.ModelAdmin):
    list_display = ["email", "ip", "network", "lifted", "created"]
    search_fields = ["email", "ip", "network"]
    readonly_fields = ["email", "ip", "network", "lifted", "created"]

    def has_add_permission(self, request):
        return False
