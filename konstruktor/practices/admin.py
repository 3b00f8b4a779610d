from django.contrib import admin

from konstruktor.practices.models import (
    Component,
    Evaluation,
    EvaluationResult,
    LaunchStep,
    Material,
    Outcome,
    Practice,
    PracticeVersion,
    Screening,
    StatusChange,
)


class OutcomeInline(admin.TabularInline):
    model = Outcome
    extra = 0
    fields = ("name", "indicator", "unit", "baseline", "target", "is_priority", "evidence_level", "evidence_flag")
    readonly_fields = ("evidence_level", "evidence_flag")


class ComponentInline(admin.TabularInline):
    model = Component
    extra = 0


class LaunchStepInline(admin.TabularInline):
    model = LaunchStep
    extra = 0


class MaterialInline(admin.TabularInline):
    model = Material
    extra = 0


@admin.register(Practice)
class PracticeAdmin(admin.ModelAdmin):
    list_display = ("title", "region", "status", "source", "evidence_level", "decision_category", "updated_at")
    list_filter = ("status", "source", "evidence_level", "decision_category", "is_demo")
    search_fields = ("title", "organization_name", "organization__full_name", "source_key")
    raw_id_fields = ("organization", "created_by")
    filter_horizontal = ("regions", "target_groups", "areas")
    readonly_fields = ("status", "version_number", "evidence_level", "evidence_flag", "decided_at", "published_at")
    inlines = [OutcomeInline, ComponentInline, LaunchStepInline, MaterialInline]


class EvaluationResultInline(admin.TabularInline):
    model = EvaluationResult
    extra = 0
    raw_id_fields = ("outcome",)


@admin.register(Evaluation)
class EvaluationAdmin(admin.ModelAdmin):
    list_display = ("title", "practice", "design", "quality", "has_comparison", "independent_replication")
    list_filter = ("design", "quality", "independent_replication")
    raw_id_fields = ("practice",)
    inlines = [EvaluationResultInline]


@admin.register(PracticeVersion)
class PracticeVersionAdmin(admin.ModelAdmin):
    list_display = ("practice", "number", "created_by", "created_at")
    raw_id_fields = ("practice", "created_by")


@admin.register(StatusChange)
class StatusChangeAdmin(admin.ModelAdmin):
    list_display = ("practice", "from_status", "to_status", "version_number", "by", "at")
    list_filter = ("to_status",)
    raw_id_fields = ("practice", "by")


@admin.register(Screening)
class ScreeningAdmin(admin.ModelAdmin):
    list_display = ("practice", "version", "passed", "by", "at")
    list_filter = ("passed",)
    raw_id_fields = ("practice", "version", "by")


class ChildAdmin(admin.ModelAdmin):
    raw_id_fields = ("practice",)


for model in (Outcome, Component, LaunchStep, Material):
    admin.site.register(model, ChildAdmin)


@admin.register(EvaluationResult)
class EvaluationResultAdmin(admin.ModelAdmin):
    list_display = ("evaluation", "outcome", "effect", "sustained_months")
    raw_id_fields = ("evaluation", "outcome")
