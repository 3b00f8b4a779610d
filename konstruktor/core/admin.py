from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest

from konstruktor.core.access import scope_for
from konstruktor.core.models import AccessLog, ApiToken, CalendarDay, ChangeEntry, SearchSynonym, User
from konstruktor.core.search.synonyms import SynonymError, synonym_clean, synonym_create, synonym_delete

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


class SynonymForm(forms.ModelForm):
    class Meta:
        model = SearchSynonym
        fields = ("line",)
        help_texts = {"line": "Равнозначные слова и выражения через запятую: «соцуслуги, социальные услуги»."}

    def clean_line(self) -> str:
        try:
            return synonym_clean(self.cleaned_data["line"])
        except SynonymError as exc:
            raise forms.ValidationError(str(exc)) from exc


@admin.register(SearchSynonym)
class SearchSynonymAdmin(admin.ModelAdmin):
    """The editors' synonym lines of the search (the handbook's and every other indexed module's).

    Added and removed through core.search, which re-analyses the documents holding their words;
    a line is not edited in place (remove it and add the new one). The same people as on the
    handbook's synonyms page may change them: РЦ staff and the federal coordinator.
    """

    form = SynonymForm
    list_display = ("line", "created_by", "created_at")
    list_select_related = ("created_by",)
    search_fields = ("line",)

    def _editor(self, request: HttpRequest) -> bool:
        return scope_for(request.user).is_rc_staff

    def has_add_permission(self, request: HttpRequest) -> bool:
        return super().has_add_permission(request) and self._editor(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_delete_permission(request, obj) and self._editor(request)

    def save_model(self, request: HttpRequest, obj: SearchSynonym, form: Any, change: bool) -> None:
        created = synonym_create(line=form.cleaned_data["line"], by=request.user)
        obj.pk = created.pk
        obj._state.adding = False

    def delete_model(self, request: HttpRequest, obj: SearchSynonym) -> None:
        synonym_delete(synonym=obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[SearchSynonym]) -> None:
        for synonym in queryset:
            synonym_delete(synonym=synonym)
