from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from konstruktor.core.models import AccessLog, ApiToken, CalendarDay, ChangeEntry, User

admin.site.site_header = "Конструктор — администрирование"
admin.site.site_title = "Конструктор"


@admin.register(User)
class KonstruktorUserAdmin(UserAdmin):
    fieldsets = (*(UserAdmin.fieldsets or ()), ("Дополнительно", {"fields": ("middle_name", "phone")}))
    list_display = ("username", "last_name", "first_name", "email", "is_active", "is_staff")


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("name", "user", "prefix", "created_at", "last_used_at")
    readonly_fields = ("key_hash", "prefix", "created_at", "last_used_at")
    search_fields = ("name", "user__username")


@admin.register(ChangeEntry)
class ChangeEntryAdmin(admin.ModelAdmin):
    list_display = ("created_at", "actor", "action", "content_type", "object_id", "note")
    list_filter = ("action", "content_type")
    readonly_fields = [f.name for f in ChangeEntry._meta.fields]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(AccessLog)
class AccessLogAdmin(admin.ModelAdmin):
    list_display = ("created_at", "actor", "purpose", "content_type", "object_id", "ip")
    list_filter = ("purpose", "content_type")
    readonly_fields = [f.name for f in AccessLog._meta.fields]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    list_display = ("date", "is_working", "note")
    list_filter = ("is_working",)
    date_hierarchy = "date"
