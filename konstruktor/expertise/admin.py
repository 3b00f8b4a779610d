from django.contrib import admin

from konstruktor.expertise.models import (
    Assignment,
    Call,
    CallEntry,
    Criterion,
    Decision,
    Resolution,
    Review,
    ReviewScore,
)


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 0
    fields = ("order", "code", "name", "weight")


@admin.register(Call)
class CallAdmin(admin.ModelAdmin):
    list_display = ("title", "region", "status", "opens_on", "closes_on")
    list_filter = ("status",)
    search_fields = ("title",)
    list_select_related = ("region",)
    inlines = [CriterionInline]
    list_per_page = 50


@admin.register(CallEntry)
class CallEntryAdmin(admin.ModelAdmin):
    list_display = ("practice", "call", "status", "created_at")
    list_filter = ("status",)
    raw_id_fields = ("practice", "version", "added_by")
    list_select_related = ("practice", "call")
    list_per_page = 50


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    list_display = ("expert", "entry", "status", "is_tiebreak", "coi_declared_at")
    list_filter = ("status", "is_tiebreak")
    raw_id_fields = ("entry", "expert", "assigned_by")
    list_select_related = ("expert", "entry__practice", "entry__call")
    list_per_page = 50


class ReviewScoreInline(admin.TabularInline):
    model = ReviewScore
    extra = 0
    raw_id_fields = ("criterion",)


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    list_display = ("assignment", "recommendation", "submitted_at")
    raw_id_fields = ("assignment",)
    inlines = [ReviewScoreInline]
    list_per_page = 50


@admin.register(Resolution)
class ResolutionAdmin(admin.ModelAdmin):
    list_display = ("entry", "kind", "by", "at")
    raw_id_fields = ("entry", "assignment", "by")
    list_per_page = 50


@admin.register(Decision)
class DecisionAdmin(admin.ModelAdmin):
    list_display = ("entry", "category", "merit", "readiness", "decided_at")
    list_filter = ("category",)
    raw_id_fields = ("entry", "version", "decided_by")
    list_per_page = 50
