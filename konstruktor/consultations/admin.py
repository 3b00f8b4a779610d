from django.contrib import admin

from konstruktor.consultations.models import Consultation, ConsultationNote, Topic


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ("name", "sla_working_days", "order", "active")
    list_editable = ("sla_working_days", "order", "active")
    search_fields = ("name",)


class NoteInline(admin.TabularInline):
    model = ConsultationNote
    extra = 0
    readonly_fields = ("author", "text", "created_at")

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(Consultation)
class ConsultationAdmin(admin.ModelAdmin):
    """Read-only in the back office: every change goes through the actions (history, SLA, support log)."""

    list_display = ("pk", "received_at", "region", "topic", "channel", "status", "due_date", "assigned_to")
    list_filter = ("status", "channel", "topic", "region")
    list_select_related = ("region", "topic", "assigned_to")
    date_hierarchy = "received_at"
    inlines = (NoteInline,)
    exclude = ("rating_token",)

    def get_readonly_fields(self, request, obj=None):  # type: ignore[no-untyped-def]
        return [f.name for f in Consultation._meta.get_fields() if f.concrete and f.name != "rating_token"]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False
