from django.contrib import admin

from konstruktor.replication.models import (
    Adaptation,
    FidelityCheck,
    FidelityItem,
    FidelityMark,
    FitAssessment,
    RegionalPriority,
    ReplicationRequest,
    StageChange,
    Transfer,
    TransferOutcome,
    TransferStep,
)


@admin.register(RegionalPriority)
class RegionalPriorityAdmin(admin.ModelAdmin):
    list_display = ("region", "target_group", "area", "basis")
    list_filter = ("region",)


@admin.register(FitAssessment)
class FitAssessmentAdmin(admin.ModelAdmin):
    list_display = (
        "practice",
        "organization",
        "municipality",
        "settlement",
        "assessor",
        "need",
        "fit",
        "resources",
        "capacity",
    )
    raw_id_fields = ("practice", "organization", "municipality", "settlement", "assessor")


@admin.register(ReplicationRequest)
class ReplicationRequestAdmin(admin.ModelAdmin):
    list_display = ("pk", "practice", "requester", "recipient", "region", "status", "created_at")
    list_filter = ("status", "region")
    raw_id_fields = ("practice", "requester", "recipient", "municipality", "settlement", "decided_by", "created_by")


class TransferStepInline(admin.TabularInline):
    model = TransferStep
    extra = 0
    raw_id_fields = ("launch_step", "owner")


class FidelityItemInline(admin.TabularInline):
    model = FidelityItem
    extra = 0
    raw_id_fields = ("component",)


class TransferOutcomeInline(admin.TabularInline):
    model = TransferOutcome
    extra = 0
    raw_id_fields = ("outcome",)


class AdaptationInline(admin.StackedInline):
    model = Adaptation
    extra = 0
    raw_id_fields = ("component", "by")


class StageChangeInline(admin.TabularInline):
    model = StageChange
    extra = 0
    readonly_fields = ("from_stage", "to_stage", "status", "comment", "by", "at")


@admin.register(Transfer)
class TransferAdmin(admin.ModelAdmin):
    list_display = ("pk", "practice", "mentor", "recipient", "region", "stage", "status", "started_on")
    list_filter = ("status", "stage", "region")
    raw_id_fields = (
        "request", "practice", "mentor", "recipient", "municipality", "settlement", "centre", "evaluation", "created_by",
    )  # fmt: skip
    inlines = [TransferStepInline, FidelityItemInline, TransferOutcomeInline, AdaptationInline, StageChangeInline]


class FidelityMarkInline(admin.TabularInline):
    model = FidelityMark
    extra = 0


@admin.register(FidelityCheck)
class FidelityCheckAdmin(admin.ModelAdmin):
    list_display = ("transfer", "stage", "checked_on", "index")
    raw_id_fields = ("transfer", "by")
    inlines = [FidelityMarkInline]
