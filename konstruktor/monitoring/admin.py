from django.contrib import admin

from konstruktor.monitoring.models import IndicatorDefinition, IndicatorTarget


class TargetInline(admin.TabularInline):
    model = IndicatorTarget
    extra = 0


@admin.register(IndicatorDefinition)
class IndicatorDefinitionAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "unit", "direction", "is_public", "is_active", "order")
    list_editable = ("order",)
    readonly_fields = ("code",)
    inlines = [TargetInline]


@admin.register(IndicatorTarget)
class IndicatorTargetAdmin(admin.ModelAdmin):
    list_display = ("indicator", "period", "region", "value", "note")
    list_filter = ("indicator", "period")
