from django.contrib import admin

from konstruktor.governance.models import (
    AgendaItem,
    Attendance,
    Comment,
    Decision,
    Evidence,
    GroupDocument,
    GroupMember,
    Meeting,
    Participation,
    ProjectGroup,
    Roadmap,
    RoadmapNode,
)


class MemberInline(admin.TabularInline):
    model = GroupMember
    extra = 0
    raw_id_fields = ("organization", "user")


class DocumentInline(admin.TabularInline):
    model = GroupDocument
    extra = 0


@admin.register(ProjectGroup)
class ProjectGroupAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "region", "level", "responsible_centre")
    list_filter = ("kind", "level", "region")
    search_fields = ("name", "body_name")
    raw_id_fields = ("responsible_centre", "curator", "created_by")
    inlines = [MemberInline, DocumentInline]


class AgendaInline(admin.TabularInline):
    model = AgendaItem
    extra = 0


class AttendanceInline(admin.TabularInline):
    model = Attendance
    extra = 0


class DecisionInline(admin.TabularInline):
    model = Decision
    extra = 0
    raw_id_fields = ("owner_organization", "roadmap_item", "agenda_item")


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ("__str__", "group", "status", "starts_at")
    list_filter = ("status",)
    inlines = [AgendaInline, AttendanceInline, DecisionInline]


@admin.register(Roadmap)
class RoadmapAdmin(admin.ModelAdmin):
    list_display = ("title", "group", "is_public", "at_risk_days")
    list_filter = ("is_public",)
    search_fields = ("title",)


class EvidenceInline(admin.TabularInline):
    model = Evidence
    extra = 0


class CommentInline(admin.TabularInline):
    model = Comment
    extra = 0


@admin.register(RoadmapNode)
class RoadmapNodeAdmin(admin.ModelAdmin):
    list_display = ("code", "title", "roadmap", "level", "status", "deadline", "owner_organization")
    list_filter = ("level", "status")
    search_fields = ("title", "code")
    raw_id_fields = ("roadmap", "parent", "owner_organization", "owner_user", "co_owners")
    inlines = [EvidenceInline, CommentInline]


@admin.register(Participation)
class ParticipationAdmin(admin.ModelAdmin):
    list_display = ("organization", "kind", "group", "date", "support_record")
    list_filter = ("kind",)
    raw_id_fields = ("organization", "node", "meeting", "group", "support_record")
