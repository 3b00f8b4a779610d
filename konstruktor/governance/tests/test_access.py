"""Who sees and changes groups, roadmaps and items — checked from the outside, by URL and by POST."""

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from konstruktor.core.roles import Role
from konstruktor.core.testing import login
from konstruktor.governance import actions
from konstruktor.governance.models import Evidence, GroupMember, ItemStatus, ProjectGroup, RoadmapNode
from konstruktor.governance.tests.conftest import member_of
from konstruktor.organizations.models import Membership
from konstruktor.organizations.tests.factories import OrganizationFactory, UserFactory, region

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n%%EOF\n"


def test_a_consultant_of_another_region_gets_404_on_group_roadmap_and_item(
    group: Any, ngo_item: RoadmapNode, ugra_consultant: Any
) -> None:
    client = login(ugra_consultant)
    roadmap = ngo_item.roadmap
    for url in (
        group.get_absolute_url(),
        roadmap.get_absolute_url(),
        ngo_item.get_absolute_url(),
        f"/governance/roadmaps/{roadmap.pk}/export.xlsx",
        f"/governance/groups/{group.pk}/meetings/new/",
        f"/api/v1/roadmaps/{roadmap.pk}",
    ):
        assert client.get(url).status_code == 404, url
    assert group.name not in client.get("/governance/").content.decode()


def test_a_consultant_of_another_region_cannot_post_anything(
    group: Any, ngo_item: RoadmapNode, ugra_consultant: Any
) -> None:
    client = login(ugra_consultant)
    posts = [
        (f"/governance/groups/{group.pk}/members/", {"category": "expert", "role": "member", "full_name": "Чужой"}),
        (f"/governance/groups/{group.pk}/documents/", {"kind": "other", "title": "x", "url": "https://example.ru"}),
        (f"/governance/items/{ngo_item.pk}/progress/", {"status": "done"}),
        (f"/governance/items/{ngo_item.pk}/evidence/", {"title": "x", "url": "https://example.ru/x"}),
        (f"/governance/items/{ngo_item.pk}/comments/", {"text": "чужой комментарий"}),
        (f"/governance/items/{ngo_item.pk}/delete/", {}),
        (f"/governance/items/{ngo_item.pk}/edit/", {"title": "захват"}),
        (f"/governance/roadmaps/{ngo_item.roadmap_id}/nodes/new/", {"title": "Чужая цель"}),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code == 404, url
    ngo_item.refresh_from_db()
    assert ngo_item.status == ItemStatus.PLANNED and ngo_item.title.startswith("Подготовить")
    assert group.members.count() == 0 and not group.documents.exists()
    assert not Evidence.objects.exists() and not ngo_item.comments.exists()
    assert RoadmapNode.objects.count() == 3


def test_a_public_roadmap_is_open_to_anonymous_visitors_without_personal_data(
    ngo_item: RoadmapNode, perm_manager: Any
) -> None:
    roadmap = ngo_item.roadmap
    actions.node_update(node=ngo_item, by=perm_manager, owner_person="Орлова Екатерина Юрьевна")
    actions.roadmap_update(roadmap=roadmap, by=perm_manager, is_public=True)
    anonymous = Client()
    page = anonymous.get(roadmap.get_absolute_url())
    assert page.status_code == 200
    body = page.content.decode()
    assert "Подготовить документы для реестра поставщиков" in body and "АНО «Опора»" in body
    assert "Орлова" not in body and "История изменений" not in body
    assert anonymous.get(ngo_item.get_absolute_url()).status_code == 200
    assert anonymous.get("/governance/roadmaps/").content.decode().count(roadmap.title) == 1
    api = anonymous.get(f"/api/v1/roadmaps/{roadmap.pk}").json()
    assert api["nodes"][2]["owner_person"] is None
    # Anonymous visitors read; they never write.
    assert anonymous.post(f"/governance/items/{ngo_item.pk}/progress/", {"status": "done"}).status_code == 302
    ngo_item.refresh_from_db()
    assert ngo_item.status == ItemStatus.PLANNED


def test_a_private_roadmap_is_404_for_anonymous_visitors(ngo_item: RoadmapNode) -> None:
    anonymous = Client()
    assert anonymous.get(ngo_item.roadmap.get_absolute_url()).status_code == 404
    assert anonymous.get(ngo_item.get_absolute_url()).status_code == 404
    assert anonymous.get(f"/api/v1/roadmaps/{ngo_item.roadmap_id}").status_code == 404
    assert ngo_item.roadmap.title not in anonymous.get("/governance/roadmaps/").content.decode()


def test_private_evidence_files_stay_private(ngo_item: RoadmapNode, ngo_member: Any) -> None:
    evidence = actions.evidence_add(
        node=ngo_item, by=ngo_member, title="Акт", upload=SimpleUploadedFile("акт.pdf", PDF)
    )
    assert login(ngo_member).get(f"/governance/evidence/{evidence.pk}/").status_code == 200
    assert Client().get(f"/governance/evidence/{evidence.pk}/").status_code == 404


def test_an_ngo_member_sees_the_groups_they_sit_in_and_their_tasks(
    group: Any, ngo_item: RoadmapNode, ngo_member: Any, ngo: Any, perm_manager: Any
) -> None:
    client = login(ngo_member)
    home = client.get("/governance/").content.decode()
    assert "Подготовить документы для реестра поставщиков" in home  # their task
    assert "Вы пока не состоите ни в одной группе" in home
    assert client.get(group.get_absolute_url()).status_code == 404
    member_of(group, ngo_member, ngo, by=perm_manager)
    home = client.get("/governance/").content.decode()
    assert "Вы пока не состоите ни в одной группе" not in home and group.get_absolute_url() in home
    page = client.get(group.get_absolute_url()).content.decode()
    assert "Назначить заседание" not in page and "Добавить участника" not in page


def test_the_owner_reports_progress_through_the_page(ngo_item: RoadmapNode, ngo_member: Any) -> None:
    client = login(ngo_member)
    page = client.get(ngo_item.get_absolute_url()).content.decode()
    assert "Отметить исполнение" in page and "Приложить подтверждение" in page
    response = client.post(f"/governance/items/{ngo_item.pk}/progress/", {"status": "done", "comment": "Готово"})
    assert response.status_code == 302
    ngo_item.refresh_from_db()
    assert ngo_item.status == ItemStatus.DONE
    # ...but may not restructure the roadmap.
    assert client.post(f"/governance/items/{ngo_item.pk}/delete/").status_code == 403
    assert client.get(f"/governance/items/{ngo_item.pk}/edit/").status_code == 403


def test_officials_read_their_regions_groups_but_do_not_manage_them(group: Any) -> None:
    official = UserFactory()
    ministry = OrganizationFactory(region=region("59"), full_name="Министерство социального развития")
    Membership.objects.create(user=official, organization=ministry, role=Role.OFFICIAL)
    client = login(official)
    assert client.get(group.get_absolute_url()).status_code == 200
    assert (
        client.post(
            f"/governance/groups/{group.pk}/members/", {"category": "official", "role": "member", "full_name": "X"}
        ).status_code
        == 403
    )
    assert not GroupMember.objects.exists()


def test_rc_staff_create_groups_only_in_their_region(perm_manager: Any, perm_centre: Any) -> None:
    client = login(perm_manager)
    data = {
        "name": "Рабочая группа", "kind": "working", "region": region("86").pk, "level": "regional", "body_kind": "ministry",
        "body_name": "Департамент", "purpose": "Цель", "responsible_centre": perm_centre.pk,
    }  # fmt: skip
    response = client.post("/governance/groups/new/", data)
    assert response.status_code == 200 and not ProjectGroup.objects.exists()
    data["region"] = region("59").pk
    assert client.post("/governance/groups/new/", data).status_code == 302
    group = ProjectGroup.objects.get()
    assert group.curator == perm_manager and group.responsible_centre == perm_centre


def test_organizations_outside_the_group_are_added_by_inn_not_listed(group: Any, perm_manager: Any, ngo: Any) -> None:
    client = login(perm_manager)
    page = client.get(group.get_absolute_url()).content.decode()
    assert "АНО «Опора»" not in page  # the region's registry is not dumped into the select
    response = client.post(
        f"/governance/groups/{group.pk}/members/",
        {"category": "ngo", "role": "member", "full_name": "Орлова Е. Ю.", "organization_inn": ngo.inn},
    )
    assert response.status_code == 302
    assert group.members.get().organization == ngo
    client.post(
        f"/governance/groups/{group.pk}/members/",
        {"category": "ngo", "role": "member", "full_name": "Иванов И. И.", "organization_inn": "7700000000"},
    )
    assert group.members.count() == 1
    assert "АНО «Опора»" in client.get(group.get_absolute_url()).content.decode()
