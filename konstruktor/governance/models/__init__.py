"""Project groups, their meetings and roadmaps (goals → measures → items) with evidence."""

from konstruktor.governance.models.groups import (
    AgendaItem,
    Attendance,
    Decision,
    GroupDocument,
    GroupMember,
    Meeting,
    ProjectGroup,
)
from konstruktor.governance.models.participation import Participation, ReminderDigest
from konstruktor.governance.models.roadmaps import Comment, Evidence, ItemStatus, NodeLevel, Roadmap, RoadmapNode

__all__ = [
    "AgendaItem",
    "Attendance",
    "Comment",
    "Decision",
    "Evidence",
    "GroupDocument",
    "GroupMember",
    "ItemStatus",
    "Meeting",
    "NodeLevel",
    "Participation",
    "ProjectGroup",
    "ReminderDigest",
    "Roadmap",
    "RoadmapNode",
]
