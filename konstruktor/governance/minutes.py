"""The minutes (протокол) of a meeting as DOCX, generated from the meeting's data only."""

import io
from typing import Any

from django.utils import timezone
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

from konstruktor.governance.models import Attendance, Decision, GroupMember, Meeting
from konstruktor.governance.queries import roadmap_tree

KIND_GENITIVE = {
    "project": "проектной группы",
    "working": "рабочей группы",
    "coordination": "координационной группы",
}


def _member_line(member: GroupMember) -> str:
    parts = [member.full_name]
    if member.position:
        parts.append(member.position)
    if member.organization:
        parts.append(str(member.organization))
    return " — ".join(parts)


def _heading(document: Any, text: str) -> None:
    paragraph = document.add_paragraph()
    run = paragraph.add_run(text)
    run.bold = True
    paragraph.paragraph_format.space_before = Pt(10)


def meeting_minutes_docx(meeting: Meeting) -> bytes:
    group = meeting.group
    starts = timezone.localtime(meeting.starts_at)
    attendance = list(
        meeting.attendance.select_related("member", "member__organization").order_by(
            "member__role", "member__full_name"
        )
    )
    members = [a.member for a in attendance]
    chair = next((m for m in members if m.role == GroupMember.Role.CHAIR), None)
    secretary = next((m for m in members if m.role == GroupMember.Role.SECRETARY), None)
    agenda = list(meeting.agenda.select_related("speaker"))
    decisions = list(meeting.decisions.select_related("owner_organization", "agenda_item", "roadmap_item"))

    document = Document()
    style = document.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(12)
    for section in document.sections:
        section.left_margin = Cm(3)
        section.right_margin = Cm(1.5)

    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = title.add_run(f"ПРОТОКОЛ № {meeting.number}")
    run.bold = True
    run.font.size = Pt(14)
    subtitle = document.add_paragraph(f"заседания {KIND_GENITIVE.get(group.kind, 'группы')} «{group.name}»")
    subtitle.alignment = WD_ALIGN_PARAGRAPH.CENTER
    body = document.add_paragraph(f"при органе: {group.body_name}")
    body.alignment = WD_ALIGN_PARAGRAPH.CENTER

    document.add_paragraph(
        f"Дата и время: {starts:%d.%m.%Y}, {starts:%H:%M}. Место: {meeting.place}. Формат: {meeting.get_format_display().lower()}."
    )
    if chair:
        document.add_paragraph(f"Председательствующий: {chair.full_name}")
    if secretary:
        document.add_paragraph(f"Секретарь: {secretary.full_name}")

    present = [a.member for a in attendance if a.status == Attendance.Status.PRESENT]
    absent = [a.member for a in attendance if a.status == Attendance.Status.ABSENT]
    _heading(document, f"Присутствовали ({len(present)}):")
    if present:
        for m in present:
            document.add_paragraph(_member_line(m), style="List Bullet")
    else:
        document.add_paragraph("присутствие не отмечено")
    if absent:
        _heading(document, f"Отсутствовали ({len(absent)}):")
        for m in absent:
            document.add_paragraph(_member_line(m), style="List Bullet")

    _heading(document, "ПОВЕСТКА ДНЯ:")
    for item in agenda:
        speaker = f" (докладчик: {item.speaker_label})" if item.speaker_label else ""
        document.add_paragraph(f"{item.position}. {item.title}{speaker}")

    for item in agenda:
        _heading(document, f"{item.position}. {item.title}")
        if item.heard or item.speaker_label:
            document.add_paragraph(
                f"СЛУШАЛИ: {item.speaker_label}{' — ' if item.speaker_label and item.heard else ''}{item.heard}"
            )
        related = [d for d in decisions if d.agenda_item_id == item.pk]
        if related:
            document.add_paragraph("РЕШИЛИ:")
            for d in related:
                document.add_paragraph(_decision_line(d))
    loose = [d for d in decisions if d.agenda_item_id is None]
    if loose:
        _heading(document, "РЕШИЛИ (по итогам заседания):")
        for d in loose:
            document.add_paragraph(_decision_line(d))

    if decisions:
        _heading(document, "Перечень поручений")
        table = document.add_table(rows=1, cols=4)
        table.style = "Table Grid"
        for cell, text in zip(table.rows[0].cells, ("№", "Поручение", "Ответственный", "Срок"), strict=True):
            cell.text = text
        for d in decisions:
            cells = table.add_row().cells
            cells[0].text = str(d.position)
            cells[1].text = d.text + (f" (дорожная карта: {d.roadmap_item.code})" if d.roadmap_item else "")
            cells[2].text = (
                ", ".join(p for p in (str(d.owner_organization) if d.owner_organization else "", d.owner_person) if p)
                or "—"
            )
            cells[3].text = d.deadline.strftime("%d.%m.%Y") if d.deadline else "—"

    roadmaps = list(group.roadmaps.order_by("title"))
    if roadmaps:
        _heading(document, "Справка об исполнении дорожных карт")
        for roadmap in roadmaps:
            tree = roadmap_tree(roadmap=roadmap, today=starts.date())
            document.add_paragraph(
                f"«{roadmap.title}»: выполнение {tree.progress.label} ({tree.progress.formula}); "
                f"мероприятий {len(tree.items)}, выполнено {tree.done_count}, просрочено {len(tree.overdue)}, "
                f"под угрозой срыва {len(tree.at_risk)}."
            )
    if meeting.notes:
        _heading(document, "Прочее")
        document.add_paragraph(meeting.notes)

    document.add_paragraph()
    document.add_paragraph(f"Председательствующий  ____________  {chair.full_name if chair else ''}")
    document.add_paragraph(f"Секретарь  ____________  {secretary.full_name if secretary else ''}")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _decision_line(d: Decision) -> str:
    owner = ", ".join(p for p in (str(d.owner_organization) if d.owner_organization else "", d.owner_person) if p)
    tail = []
    if owner:
        tail.append(f"ответственный: {owner}")
    if d.deadline:
        tail.append(f"срок: {d.deadline:%d.%m.%Y}")
    return f"{d.position}. {d.text}" + (f" ({'; '.join(tail)})" if tail else "")
