"""Roadmap actions: the tree, weights at input, execution by the owner, evidence, participation."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from konstruktor.core.audit import change_history
from konstruktor.core.models import ChangeEntry
from konstruktor.core.testing import login
from konstruktor.governance import actions, queries
from konstruktor.governance.errors import AccessDenied, GovernanceError, UploadRejected
from konstruktor.governance.models import Evidence, ItemStatus, Participation, RoadmapNode
from konstruktor.organizations.models import SupportRecord, SupportService
from konstruktor.organizations.tests.factories import OrganizationFactory, region

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_nodes_get_codes_by_their_place_in_the_tree(roadmap, perm_manager) -> None:  # type: ignore[no-untyped-def]
    g1 = actions.node_create(roadmap=roadmap, by=perm_manager, title="Цель 1")
    g2 = actions.node_create(roadmap=roadmap, by=perm_manager, title="Цель 2")
    m = actions.node_create(roadmap=roadmap, by=perm_manager, parent=g2, title="Мера")
    i = actions.node_create(roadmap=roadmap, by=perm_manager, parent=m, title="Мероприятие")
    assert [g1.code, g2.code, m.code, i.code] == ["1", "2", "2.1", "2.1.1"]
    with pytest.raises(GovernanceError, match="не может быть вложенных"):
        actions.node_create(roadmap=roadmap, by=perm_manager, parent=i, title="Подпункт")


def test_owners_and_deadlines_belong_to_items_only(roadmap, perm_manager, ngo) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(GovernanceError, match="только у мероприятий"):
        actions.node_create(roadmap=roadmap, by=perm_manager, title="Цель", owner_organization=ngo)
    assert not RoadmapNode.objects.exists()


def test_explicit_weights_must_sum_to_100_and_nothing_is_written_otherwise(roadmap, perm_manager) -> None:  # type: ignore[no-untyped-def]
    g1 = actions.node_create(roadmap=roadmap, by=perm_manager, title="Цель 1")
    g2 = actions.node_create(roadmap=roadmap, by=perm_manager, title="Цель 2")
    with pytest.raises(GovernanceError, match="Сумма весов должна быть 100 %, сейчас 90 %"):
        actions.weights_set(
            roadmap=roadmap, by=perm_manager, parent=None, equal=False, weights={g1.pk: Decimal(60), g2.pk: Decimal(30)}
        )
    with pytest.raises(GovernanceError, match="больше нуля"):
        actions.weights_set(
            roadmap=roadmap, by=perm_manager, parent=None, equal=False, weights={g1.pk: Decimal(100), g2.pk: Decimal(0)}
        )
    roadmap.refresh_from_db()
    assert roadmap.goals_equal_weights
    assert set(RoadmapNode.objects.values_list("weight", flat=True)) == {None}

    actions.weights_set(
        roadmap=roadmap, by=perm_manager, parent=None, equal=False, weights={g1.pk: Decimal(70), g2.pk: Decimal(30)}
    )
    roadmap.refresh_from_db()
    assert not roadmap.goals_equal_weights
    # Goals without measures have no progress, and neither has the roadmap.
    assert queries.roadmap_tree(roadmap=roadmap).progress.formula == "ни у одного вложенного элемента нет данных"


def test_a_new_node_under_explicit_weights_needs_the_weights_to_add_up(roadmap, perm_manager) -> None:  # type: ignore[no-untyped-def]
    g1 = actions.node_create(roadmap=roadmap, by=perm_manager, title="Цель 1")
    g2 = actions.node_create(roadmap=roadmap, by=perm_manager, title="Цель 2")
    actions.weights_set(
        roadmap=roadmap, by=perm_manager, parent=None, equal=False, weights={g1.pk: Decimal(70), g2.pk: Decimal(30)}
    )
    with pytest.raises(GovernanceError, match="сейчас 120 %"):
        actions.node_create(roadmap=roadmap, by=perm_manager, title="Цель 3", weight=Decimal(20))
    assert RoadmapNode.objects.count() == 2
    g3 = actions.node_create(
        roadmap=roadmap, by=perm_manager, title="Цель 3", weight=Decimal(20), sibling_weights={g1.pk: Decimal(50)}
    )
    assert {n.code: n.weight for n in RoadmapNode.objects.all()} == {
        "1": Decimal(50),
        "2": Decimal(30),
        "3": Decimal(20),
    }
    assert g3.weight == Decimal(20)


def test_deleting_under_explicit_weights_falls_back_to_equal_weights_and_says_so(roadmap, perm_manager) -> None:  # type: ignore[no-untyped-def]
    g1 = actions.node_create(roadmap=roadmap, by=perm_manager, title="Цель 1")
    g2 = actions.node_create(roadmap=roadmap, by=perm_manager, title="Цель 2")
    actions.weights_set(
        roadmap=roadmap, by=perm_manager, parent=None, equal=False, weights={g1.pk: Decimal(70), g2.pk: Decimal(30)}
    )
    actions.node_delete(node=g2, by=perm_manager)
    roadmap.refresh_from_db()
    assert roadmap.goals_equal_weights
    assert RoadmapNode.objects.get().weight is None
    assert "веса соседних элементов сброшены на равные" in change_history(roadmap).first().note


def test_every_change_of_an_item_is_in_its_history(ngo_item, perm_manager) -> None:  # type: ignore[no-untyped-def]
    actions.node_update(
        node=ngo_item, by=perm_manager, deadline=datetime.date(2026, 12, 20), indicator_target=Decimal(5)
    )
    entry = change_history(ngo_item).first()
    assert entry.actor == perm_manager
    assert entry.changes["deadline"] == ["15.12.2026", "20.12.2026"]
    assert entry.changes["indicator_target"] == [None, "5"]


def test_the_owner_ngo_marks_its_item_done_and_the_support_log_counts_it_once(
    ngo_item, ngo_member, ngo, perm_centre
) -> None:  # type: ignore[no-untyped-def]
    # Ownership was recorded when the РЦ assigned the item.
    owner = SupportRecord.objects.get(recipient=ngo)
    assert (owner.provider, owner.service) == (perm_centre, SupportService.PROJECT_MANAGEMENT)

    actions.node_progress_update(
        node=ngo_item, by=ngo_member, status=ItemStatus.DONE, indicator_actual=None, comment="Документы поданы"
    )
    ngo_item.refresh_from_db()
    assert ngo_item.status == ItemStatus.DONE and ngo_item.done_on is not None
    assert ngo_item.comments.get().text == "Документы поданы"
    delivery = SupportRecord.objects.exclude(pk=owner.pk).get()
    assert delivery.provider == perm_centre and "выполнено мероприятие 1.1.1" in delivery.description
    assert delivery.source_id == ngo_item.pk

    # Re-opening and closing again writes nothing new to the log.
    actions.node_progress_update(node=ngo_item, by=ngo_member, status=ItemStatus.IN_PROGRESS, indicator_actual=None)
    actions.node_progress_update(node=ngo_item, by=ngo_member, status=ItemStatus.DONE, indicator_actual=None)
    assert SupportRecord.objects.count() == 2
    assert set(Participation.objects.values_list("kind", flat=True)) == {"owner", "delivery"}


def test_an_ngo_member_cannot_touch_another_organizations_item(ngo_item, perm_manager) -> None:  # type: ignore[no-untyped-def]
    from konstruktor.core.roles import Role
    from konstruktor.core.testing import UserFactory
    from konstruktor.organizations.models import Membership

    stranger = UserFactory()
    Membership.objects.create(
        user=stranger, organization=OrganizationFactory(region=region("59")), role=Role.NGO_MEMBER
    )
    with pytest.raises(AccessDenied):
        actions.node_progress_update(node=ngo_item, by=stranger, status=ItemStatus.DONE, indicator_actual=None)
    with pytest.raises(AccessDenied):
        actions.evidence_add(node=ngo_item, by=stranger, title="x", url="https://example.ru/x")
    ngo_item.refresh_from_db()
    assert ngo_item.status == ItemStatus.PLANNED and not Evidence.objects.exists()


def test_a_co_owner_may_report_and_is_counted_as_co_owner(measure, perm_manager, ngo, ngo_member) -> None:  # type: ignore[no-untyped-def]
    lead = OrganizationFactory(region=region("59"))
    node = actions.node_create(
        roadmap=measure.roadmap, by=perm_manager, parent=measure, title="Совместное мероприятие",
        owner_organization=lead, co_owners=[ngo],
    )  # fmt: skip
    actions.node_progress_update(node=node, by=ngo_member, status=ItemStatus.IN_PROGRESS, indicator_actual=Decimal(3))
    kinds = sorted(Participation.objects.filter(organization=ngo).values_list("kind", flat=True))
    assert kinds == ["co_owner"]


def test_evidence_accepts_a_real_pdf_and_refuses_other_types_and_sizes(ngo_item, ngo_member, settings) -> None:  # type: ignore[no-untyped-def]
    evidence = actions.evidence_add(
        node=ngo_item,
        by=ngo_member,
        title="Заявление",
        upload=SimpleUploadedFile("заявление.pdf", PDF, "application/pdf"),
    )
    assert evidence.original_name == "заявление.pdf" and evidence.size == len(PDF)

    with pytest.raises(UploadRejected, match="допустимы PDF"):
        actions.evidence_add(node=ngo_item, by=ngo_member, title="x", upload=SimpleUploadedFile("script.exe", b"MZ..."))
    with pytest.raises(UploadRejected, match="не похож на PDF"):
        actions.evidence_add(node=ngo_item, by=ngo_member, title="x", upload=SimpleUploadedFile("fake.pdf", b"<html>"))
    settings.GOVERNANCE_MAX_UPLOAD_BYTES = 10
    with pytest.raises(UploadRejected, match="больше 0 МБ"):
        actions.evidence_add(node=ngo_item, by=ngo_member, title="x", upload=SimpleUploadedFile("big.pdf", PDF))
    assert Evidence.objects.count() == 1


def test_progress_of_the_roadmap_tree_shows_formulas_and_control(ngo_item, measure, perm_manager) -> None:  # type: ignore[no-untyped-def]
    actions.node_create(
        roadmap=measure.roadmap, by=perm_manager, parent=measure, title="Обучить 10 специалистов",
        indicator_target=Decimal(10), indicator_actual=Decimal(5), deadline=datetime.date(2026, 1, 15),
    )  # fmt: skip
    tree = queries.roadmap_tree(roadmap=measure.roadmap, today=datetime.date(2026, 12, 10))
    by_code = {t.node.code: t for t in tree.flat}
    assert by_code["1.1.2"].progress.formula == "факт 5 / цель 10 = 50 %"
    assert by_code["1.1"].progress.formula == "равные веса: каждый из 2 по 1/2: (0 % + 50 %) / 2 = 25 %"
    assert by_code["1.1.2"].control.state == "overdue"
    assert by_code["1.1.1"].control.state == "at_risk"
    assert tree.progress.value == Decimal(25)


def test_the_roadmap_page_costs_the_same_queries_for_5_or_25_items(roadmap, measure, perm_manager, ngo) -> None:  # type: ignore[no-untyped-def]
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login(perm_manager)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(roadmap.get_absolute_url()).status_code == 200
        return len(ctx.captured_queries)

    def add(n: int) -> None:
        for i in range(n):
            node = actions.node_create(
                roadmap=roadmap, by=perm_manager, parent=measure, title=f"Мероприятие {i}",
                deadline=datetime.date(2026, 12, 1), owner_organization=ngo, co_owners=[ngo],
            )  # fmt: skip
            actions.evidence_add(node=node, by=perm_manager, title="Ссылка", url="https://example.ru/a")

    add(5)
    few = count()
    add(20)
    assert count() == few


def test_history_entries_are_kept_for_imports_and_deletions(roadmap, perm_manager) -> None:  # type: ignore[no-untyped-def]
    goal = actions.node_create(roadmap=roadmap, by=perm_manager, title="Цель")
    before = ChangeEntry.objects.count()
    actions.node_delete(node=goal, by=perm_manager)
    entry = queries.history_of_roadmap(roadmap=roadmap).first()
    assert ChangeEntry.objects.count() == before + 1
    assert entry.action == "delete" and "удалён элемент 1 «Цель»" in entry.note


def test_the_api_returns_the_roadmap_with_computed_progress_and_formulas(measure, perm_manager, ngo) -> None:  # type: ignore[no-untyped-def]
    actions.node_create(
        roadmap=measure.roadmap, by=perm_manager, parent=measure, title="Сделано", status=ItemStatus.DONE
    )
    actions.node_create(
        roadmap=measure.roadmap, by=perm_manager, parent=measure, title="Наполовину", owner_organization=ngo,
        indicator_target=Decimal(10), indicator_actual=Decimal(5), deadline=datetime.date(2020, 1, 10),
    )  # fmt: skip
    body = login(perm_manager).get(f"/api/v1/roadmaps/{measure.roadmap_id}").json()
    assert (body["progress"]["value"], body["items_total"], body["items_done"], body["items_overdue"]) == (
        75.0,
        2,
        1,
        1,
    )
    nodes = {n["code"]: n for n in body["nodes"]}
    assert nodes["1.1"]["progress"]["formula"] == "равные веса: каждый из 2 по 1/2: (100 % + 50 %) / 2 = 75 %"
    assert nodes["1.1.2"]["control"] == "overdue" and nodes["1.1.2"]["owner_organization_inn"] == ngo.inn
    assert nodes["1.1.1"]["weight_label"] == "1/2"
