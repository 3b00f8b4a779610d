"""Every state change of project management; each function owns its transaction.

The package re-exports the public actions: `from konstruktor.governance import actions`.
"""

from konstruktor.governance.actions.exchange import ImportReport, roadmap_import
from konstruktor.governance.actions.groups import document_add, group_create, group_update, member_add, member_remove
from konstruktor.governance.actions.meetings import (
    agenda_item_add,
    agenda_item_delete,
    attendance_mark,
    decision_add,
    decision_delete,
    decision_to_item,
    meeting_create,
    meeting_invite,
    meeting_report_send,
    meeting_update,
)
from konstruktor.governance.actions.participation import participation_record
from konstruktor.governance.actions.reminders import ReminderReport, reminder_digests, roadmap_reminders_send
from konstruktor.governance.actions.roadmaps import (
    comment_add,
    evidence_add,
    node_create,
    node_delete,
    node_progress_update,
    node_update,
    roadmap_create,
    roadmap_update,
    weights_set,
)

__all__ = [
    "ImportReport",
    "ReminderReport",
    "agenda_item_add",
    "agenda_item_delete",
    "attendance_mark",
    "comment_add",
    "decision_add",
    "decision_delete",
    "decision_to_item",
    "document_add",
    "evidence_add",
    "group_create",
    "group_update",
    "meeting_create",
    "meeting_invite",
    "meeting_report_send",
    "meeting_update",
    "member_add",
    "member_remove",
    "node_create",
    "node_delete",
    "node_progress_update",
    "node_update",
    "participation_record",
    "reminder_digests",
    "roadmap_create",
    "roadmap_import",
    "roadmap_reminders_send",
    "roadmap_update",
    "weights_set",
]
