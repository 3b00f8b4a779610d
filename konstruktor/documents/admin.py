from django.contrib import admin

from konstruktor.documents.models import (
    DocumentTemplate,
    GeneratedPackage,
    PackageDefinition,
    PackageDraft,
    ParameterValue,
    Question,
    Step,
    TemplateVersion,
)


class StepInline(admin.TabularInline):
    model = Step
    extra = 0
    fields = ("order", "title", "condition")


@admin.register(PackageDefinition)
class PackageDefinitionAdmin(admin.ModelAdmin):
    list_display = ("title", "slug", "kind", "order", "is_active", "is_shipped")
    list_filter = ("kind", "is_active")
    search_fields = ("title", "slug")
    inlines = [StepInline]
    readonly_fields = ("revision",)


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ("key", "label", "kind", "package", "step", "parent", "required", "order")
    list_filter = ("package", "kind")
    search_fields = ("key", "label")


class TemplateVersionInline(admin.TabularInline):
    model = TemplateVersion
    extra = 0
    fields = ("number", "region", "is_current", "comment", "uploaded_by", "created_at")
    readonly_fields = ("number", "region", "comment", "uploaded_by", "created_at")
    can_delete = False

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False  # uploads go through the checked form in the builder


@admin.register(DocumentTemplate)
class DocumentTemplateAdmin(admin.ModelAdmin):
    list_display = ("title", "package", "condition", "copies", "order", "is_active")
    list_filter = ("package",)
    inlines = [TemplateVersionInline]


@admin.register(ParameterValue)
class ParameterValueAdmin(admin.ModelAdmin):
    list_display = ("key", "value", "valid_from", "confidence", "source")
    list_filter = ("key", "confidence")
    search_fields = ("key", "value", "source")


@admin.register(PackageDraft)
class PackageDraftAdmin(admin.ModelAdmin):
    list_display = ("title", "package", "organization", "updated_at")
    list_filter = ("package",)
    raw_id_fields = ("organization", "created_by", "updated_by")
    exclude = ("answers",)  # personal data: read it through the wizard, which logs access


@admin.register(GeneratedPackage)
class GeneratedPackageAdmin(admin.ModelAdmin):
    list_display = ("draft", "number", "size", "render_ms", "created_at")
    raw_id_fields = ("draft", "created_by")
    exclude = ("answers",)
