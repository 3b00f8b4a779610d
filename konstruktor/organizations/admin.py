from typing import Any

from django.contrib import admin

from konstruktor.organizations.models import (
    ActivityArea,
    LegalForm,
    Membership,
    Organization,
    OrganizationStatus,
    SupportRecord,
    TargetGroup,
)
from konstruktor.organizations.queries import legal_form_index_reset, organization_search_text


@admin.register(LegalForm)
class LegalFormAdmin(admin.ModelAdmin):
    list_display = ("okopf", "name", "short_name", "code_uncertain", "order")
    search_fields = ("okopf", "name", "aliases")

    def save_model(self, request: Any, obj: LegalForm, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        legal_form_index_reset()


@admin.register(ActivityArea)
class ActivityAreaAdmin(admin.ModelAdmin):
    list_display = ("code", "short_name", "region", "law_reference", "valid_from")
    list_filter = ("region",)
    search_fields = ("code", "name", "short_name")


@admin.register(TargetGroup)
class TargetGroupAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "order")
    search_fields = ("code", "name")


class StatusInline(admin.TabularInline):
    model = OrganizationStatus
    extra = 0


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ("user",)


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ("full_name", "kind", "legal_form", "inn", "ogrn", "region", "state")
    list_filter = ("kind", "state", "legal_form", "region")
    search_fields = ("full_name", "short_name", "inn", "ogrn")
    list_select_related = ("legal_form", "region")
    inlines = (StatusInline, MembershipInline)
    filter_horizontal = ("areas",)

    def save_model(self, request: Any, obj: Organization, form: Any, change: bool) -> None:
        # The registry's own pages go through actions; the back office keeps the search text right too.
        obj.search_text = organization_search_text(
            full_name=obj.full_name, short_name=obj.short_name, legal_form=obj.legal_form
        )
        super().save_model(request, obj, form, change)


@admin.register(SupportRecord)
class SupportRecordAdmin(admin.ModelAdmin):
    list_display = ("date", "provider", "recipient", "service", "form", "amount")
    list_filter = ("service", "form")
    search_fields = ("recipient__full_name", "recipient__inn", "description")
    raw_id_fields = ("provider", "recipient")
    date_hierarchy = "date"
