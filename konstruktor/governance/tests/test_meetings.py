"""Meetings: numbering, invitations, attendance as participation, decisions → items, minutes DOCX."""

import datetime
import io
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone
from docx import Document

from konstruktor.core.roles import Role
from konstruktor.core.testing import login
from konstruktor.governance import actions
from konstruktor.governance.errors import GovernanceError
from konstruktor.governance.minutes import meeting_minutes_docx
from konstruktor.governance.models import Attendance, GroupMember, Meeting, Participation, RoadmapNode
from konstruktor.governance.tests.conftest import member_of
from konstruktor.organizations.models import SupportRecord
from konstruktor.organizations.tests.factories import OrganizationFactory, region, staff

pytestmark = pytest.mark.django_db


def when(days: int = -3) -> datetime.datetime:
    """A moment relative to now at 11:00 local time (meetings in the past can take attendance)."""
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(11, 0)))


@pytest.fixture
def meeting(group: Any, perm_manager: Any, ngo_member: Any, ngo: Any) -> Meeting:
    actions.member_add(
        group=group, by=perm_manager, category=GroupMember.Category.OFFICIAL, role=GroupMember.Role.CHAIR,
        full_name="Миронов Павел Алексеевич", position="Заместитель министра", email="mironov@example.ru",
    )  # fmt: skip
    actions.member_add(
        group=group,
        by=perm_manager,
        category=GroupMember.Category.RC_STAFF,
        role=GroupMember.Role.SECRETARY,
        user=perm_manager,
    )
    member_of(group, ngo_member, ngo, by=perm_manager)
    actions.member_add(
        group=group, by=perm_manager, category=GroupMember.Category.EXPERT, full_name="Эксперт без почты"
    )
    return actions.meeting_create(group=group, by=perm_manager, starts_at=when(), place="Пермь, зал заседаний")


def test_meetings_are_numbered_per_group_and_expect_every_member(
    meeting: Meeting, group: Any, perm_manager: Any
) -> None:
    second = actions.meeting_create(group=group, by=perm_manager, starts_at=when(30), place="онлайн")
    with pytest.raises(GovernanceError, match="когда заседание началось"):
        actions.attendance_mark(meeting=second, by=perm_manager, marks={})
    assert (meeting.number, second.number) == (1, 2)
    assert meeting.attendance.count() == group.members.count() == 4
    assert set(meeting.attendance.values_list("status", flat=True)) == {Attendance.Status.EXPECTED}


def test_invitations_with_the_agenda_go_to_members_with_an_e_mail(
    meeting: Meeting, perm_manager: Any, django_capture_on_commit_callbacks: Any
) -> None:
    actions.agenda_item_add(
        meeting=meeting, by=perm_manager, title="О ходе исполнения дорожной карты", speaker_text="Кузнецов А. П."
    )
    with django_capture_on_commit_callbacks(execute=True):
        sent = actions.meeting_invite(meeting=meeting, by=perm_manager, site_url="https://konstruktor.example.ru")
    assert sent == 3
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        ["mironov@example.ru", perm_manager.email, "member@example.ru"]
    )
    body = mail.outbox[0].body
    assert "О ходе исполнения дорожной карты (докладчик: Кузнецов А. П.)" in body
    assert f"https://konstruktor.example.ru/governance/meetings/{meeting.pk}/" in body
    assert meeting.attendance.filter(invited_at__isnull=False).count() == 3


def test_an_ngo_representative_who_came_is_recorded_in_the_support_log_once(
    meeting: Meeting, perm_manager: Any, ngo: Any, perm_centre: Any
) -> None:
    ngo_member_row = meeting.group.members.get(organization=ngo)
    official = meeting.group.members.get(category=GroupMember.Category.OFFICIAL)
    marks = {ngo_member_row.pk: Attendance.Status.PRESENT, official.pk: Attendance.Status.PRESENT}
    actions.attendance_mark(meeting=meeting, by=perm_manager, marks=marks)
    actions.attendance_mark(meeting=meeting, by=perm_manager, marks=marks)
    record = SupportRecord.objects.get()
    assert (record.recipient, record.provider, record.date) == (ngo, perm_centre, when().date())
    assert "участие в заседании № 1" in record.description
    assert Participation.objects.get().kind == Participation.Kind.ATTENDANCE


def test_a_decision_becomes_a_roadmap_item_in_one_step_and_only_once(
    meeting: Meeting, perm_manager: Any, measure: RoadmapNode, ngo: Any
) -> None:
    decision = actions.decision_add(
        meeting=meeting, by=perm_manager, text="Провести семинар для СОНКО о реестре поставщиков",
        owner_organization=ngo, owner_person="Орлова Е. Ю.", deadline=datetime.date(2027, 2, 1),
    )  # fmt: skip
    response = login(perm_manager).post(f"/governance/decisions/{decision.pk}/to-roadmap/", {"measure": measure.pk})
    item = RoadmapNode.objects.get(parent=measure)
    assert response.status_code == 302 and response["Location"] == item.get_absolute_url()
    assert (item.title, item.owner_organization, item.owner_person, item.deadline) == (
        "Провести семинар для СОНКО о реестре поставщиков",
        ngo,
        "Орлова Е. Ю.",
        datetime.date(2027, 2, 1),
    )
    assert "решение п. 1 протокола заседания № 1" in item.expected_result.lower()
    decision.refresh_from_db()
    assert decision.roadmap_item == item
    assert Participation.objects.filter(organization=ngo, kind=Participation.Kind.OWNER, node=item).exists()
    with pytest.raises(GovernanceError, match="уже добавлено"):
        actions.decision_to_item(decision=decision, measure=measure, by=perm_manager)
    assert RoadmapNode.objects.filter(parent=measure).count() == 1


def test_under_explicit_weights_the_decision_opens_the_item_form_with_weights(
    meeting: Meeting, perm_manager: Any, measure: RoadmapNode
) -> None:
    first = actions.node_create(roadmap=measure.roadmap, by=perm_manager, parent=measure, title="Первое")
    actions.weights_set(roadmap=measure.roadmap, by=perm_manager, parent=measure, equal=False, weights={first.pk: 100})
    decision = actions.decision_add(meeting=meeting, by=perm_manager, text="Второе мероприятие")
    client = login(perm_manager)
    response = client.post(f"/governance/decisions/{decision.pk}/to-roadmap/", {"measure": measure.pk})
    assert response.status_code == 302 and f"decision={decision.pk}" in response["Location"]
    form = client.get(response["Location"]).content.decode()
    assert "Второе мероприятие" in form and f"weight_{first.pk}" in form
    done = client.post(
        response["Location"],
        {"title": "Второе мероприятие", "weight": "40", f"weight_{first.pk}": "60", "status": "planned"},
    )
    assert done.status_code == 302
    weights = dict(RoadmapNode.objects.filter(parent=measure).values_list("title", "weight"))
    assert weights == {"Первое": 60, "Второе мероприятие": 40}
    decision.refresh_from_db()
    assert decision.roadmap_item.title == "Второе мероприятие"


def test_the_minutes_docx_is_built_from_the_meetings_data(
    meeting: Meeting, perm_manager: Any, ngo: Any, measure: RoadmapNode
) -> None:
    question = actions.agenda_item_add(
        meeting=meeting, by=perm_manager, title="О реестре поставщиков", heard="Доложено о ходе работы."
    )
    chair = meeting.group.members.get(role=GroupMember.Role.CHAIR)
    absent = meeting.group.members.get(full_name="Эксперт без почты")
    actions.attendance_mark(meeting=meeting, by=perm_manager, marks={chair.pk: "present", absent.pk: "absent"})
    decision = actions.decision_add(
        meeting=meeting, by=perm_manager, agenda_item=question, text="Включить пять СОНКО в реестр",
        owner_organization=ngo, deadline=datetime.date(2027, 3, 31),
    )  # fmt: skip
    actions.decision_to_item(decision=decision, measure=measure, by=perm_manager)

    document = Document(io.BytesIO(meeting_minutes_docx(meeting)))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "ПРОТОКОЛ № 1" in text
    assert "проектной группы «Проектная группа по развитию СОНКО»" in text
    assert "Председательствующий: Миронов Павел Алексеевич" in text
    assert "Присутствовали (1):" in text and "Миронов Павел Алексеевич — Заместитель министра" in text
    assert "Отсутствовали (1):" in text and "Эксперт без почты" in text
    assert "1. О реестре поставщиков" in text and "СЛУШАЛИ:" in text
    assert "1. Включить пять СОНКО в реестр (ответственный: АНО «Опора»; срок: 31.03.2027)" in text
    table = document.tables[0]
    assert [c.text for c in table.rows[1].cells] == [
        "1", "Включить пять СОНКО в реестр (дорожная карта: 1.1.1)", "АНО «Опора»", "31.03.2027"
    ]  # fmt: skip
    assert "Справка об исполнении дорожных карт" in text


def test_the_minutes_download_is_for_the_group_only(meeting: Meeting, perm_manager: Any, ugra_consultant: Any) -> None:
    response = login(perm_manager).get(f"/governance/meetings/{meeting.pk}/minutes.docx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.wordprocessingml")
    assert login(ugra_consultant).get(f"/governance/meetings/{meeting.pk}/minutes.docx").status_code == 404


def test_the_status_report_lists_what_changed_since_the_previous_meeting(
    meeting: Meeting, perm_manager: Any, ngo_item: RoadmapNode, ngo_member: Any
) -> None:
    actions.meeting_update(
        meeting=meeting,
        by=perm_manager,
        status=Meeting.Status.HELD,
        starts_at=timezone.now() - datetime.timedelta(days=1),
    )
    next_meeting = actions.meeting_create(
        group=meeting.group, by=perm_manager, starts_at=timezone.now() + datetime.timedelta(days=10), place="Пермь"
    )
    actions.node_progress_update(node=ngo_item, by=ngo_member, status="done", indicator_actual=None)
    body = login(perm_manager).get(f"/governance/meetings/{next_meeting.pk}/report/").content.decode()
    assert "после заседания № 1" in body
    assert "Подготовить документы для реестра поставщиков" in body
    assert "Выполнено" in body


def test_managing_meetings_is_for_the_regions_rc_staff(meeting: Meeting, ngo_member: Any) -> None:
    client = login(ngo_member)
    assert client.get(meeting.get_absolute_url()).status_code == 200
    assert client.post(f"/governance/meetings/{meeting.pk}/agenda/", {"title": "Свой вопрос"}).status_code == 403
    assert client.post(f"/governance/meetings/{meeting.pk}/decisions/", {"text": "Своё решение"}).status_code == 403
    assert not meeting.agenda.exists() and not meeting.decisions.exists()


def test_an_rc_consultant_of_another_region_cannot_run_this_groups_meeting(meeting: Meeting) -> None:
    other = staff(Role.RC_MANAGER, fns_code="86")
    client = login(other)
    assert client.get(meeting.get_absolute_url()).status_code == 404
    assert client.post(f"/governance/meetings/{meeting.pk}/invite/").status_code == 404
    assert client.post(f"/governance/meetings/{meeting.pk}/attendance/", {}).status_code == 404
    OrganizationFactory(region=region("86"))
    assert not mail.outbox
