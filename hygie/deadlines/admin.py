from django.contrib import admin

from hygie.deadlines.models import Deadline, Reminder


class ReminderInline(admin.TabularInline):
    model = Reminder
    extra = 0
    readonly_fields = ["kind", "send_at", "claimed_at", "sent_at", "recipients"]


@admin.register(Deadline)
class DeadlineAdmin(admin.ModelAdmin):
    list_display = ["title", "org", "due_at", "status", "permission"]
    list_filter = ["status"]
    search_fields = ["title", "org__name"]
    raw_id_fields = ["org", "created_by", "closed_by"]
    inlines = [ReminderInline]
