"""XLSX export → import round-trips without loss; bad rows are reported and nothing is written."""

import datetime
import io
from decimal import Decimal
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook

from konstruktor.core.models import ChangeEntry
from konstruktor.governance import actions
from konstruktor.governance.errors import RoadmapImportError
from konstruktor.governance.exchange import COLUMNS, roadmap_export_xlsx
from konstruktor.governance.models import ItemStatus, RoadmapNode
from konstruktor.organizations.models import Organization, SupportRecord
from konstruktor.organizations.tests.factories import OrganizationFactory, region

pytestmark = pytest.mark.django_db
FIELDS = (
    "level", "code", "position", "title", "weight", "children_equal_weights", "owner_organization_id", "owner_person",
    "owner_user_id", "deadline", "expected_result", "indicator_unit", "indicator_baseline", "indicator_target",
    "indicator_actual", "status", "done_on", "parent_id", "updated_at",
)  # fmt: skip


def state(roadmap: Any) -> dict[str, tuple[Any, ...]]:
    return {
        n.code: (*(getattr(n, f) for f in FIELDS), tuple(sorted(n.co_owners.values_list("pk", flat=True))))
        for n in RoadmapNode.objects.filter(roadmap=roadmap)
    }


@pytest.fixture
def full_roadmap(roadmap: Any, perm_manager: Any, ngo: Organization) -> Any:
    """Explicit and equal weights, decimals, dates, co-owners, an initiative group without ИНН."""
    group_without_inn = OrganizationFactory(
        region=region("59"), kind=Organization.Kind.INITIATIVE_GROUP, inn="", ogrn=""
    )
    g1 = actions.node_create(roadmap=roadmap, by=perm_manager, title="Доступ СОНКО к услугам")
    g2 = actions.node_create(roadmap=roadmap, by=perm_manager, title="Инфраструктура поддержки")
    actions.weights_set(
        roadmap=roadmap,
        by=perm_manager,
        parent=None,
        equal=False,
        weights={g1.pk: Decimal("66.67"), g2.pk: Decimal("33.33")},
    )
    m1 = actions.node_create(roadmap=roadmap, by=perm_manager, parent=g1, title="Реестр поставщиков")
    m2 = actions.node_create(roadmap=roadmap, by=perm_manager, parent=g1, title="Передача услуг")
    actions.weights_set(
        roadmap=roadmap, by=perm_manager, parent=g1, equal=False, weights={m1.pk: Decimal(60), m2.pk: Decimal(40)}
    )
    actions.node_create(roadmap=roadmap, by=perm_manager, parent=g2, title="Мера без мероприятий")
    actions.node_create(
        roadmap=roadmap, by=perm_manager, parent=m1, title="Консультации СОНКО", owner_organization=ngo,
        owner_person="Орлова Е. Ю.", deadline=datetime.date(2026, 12, 15), expected_result="Не менее 40 консультаций",
        indicator_unit="консультаций", indicator_baseline=Decimal("0"), indicator_target=Decimal("40"),
        indicator_actual=Decimal("28.5"), status=ItemStatus.IN_PROGRESS, co_owners=[group_without_inn],
    )  # fmt: skip
    actions.node_create(roadmap=roadmap, by=perm_manager, parent=m1, title="Семинар", status=ItemStatus.DONE)
    actions.node_create(
        roadmap=roadmap, by=perm_manager, parent=m2, title="Снизить очередь", indicator_unit="дней",
        indicator_baseline=Decimal("40"), indicator_target=Decimal("20.0001"), indicator_actual=Decimal("25"),
    )  # fmt: skip
    return roadmap


def test_export_then_import_of_the_unchanged_file_changes_nothing(full_roadmap: Any, perm_manager: Any) -> None:
    before = state(full_roadmap)
    history = ChangeEntry.objects.count()
    support = SupportRecord.objects.count()
    data = roadmap_export_xlsx(full_roadmap)

    report = actions.roadmap_import(roadmap=full_roadmap, by=perm_manager, source=io.BytesIO(data))

    assert (report.created, report.updated, report.deleted, report.unchanged) == (0, 0, 0, 8)
    assert state(full_roadmap) == before
    assert ChangeEntry.objects.count() == history
    assert SupportRecord.objects.count() == support
    # And the file exported again is the same file.
    assert _cells(roadmap_export_xlsx(full_roadmap)) == _cells(data)


def test_the_export_has_one_row_per_node_in_the_documented_layout(full_roadmap: Any, ngo: Organization) -> None:
    rows = _cells(roadmap_export_xlsx(full_roadmap))
    assert rows[0] == COLUMNS
    assert [r[1] for r in rows[1:]] == ["1", "1.1", "1.1.1", "1.1.2", "1.2", "1.2.1", "2", "2.1"]
    by_code = {r[1]: r for r in rows[1:]}
    assert by_code["1"][:4] == ["Цель", "1", "Доступ СОНКО к услугам", 66.67]
    assert by_code["1.1.1"][4:13] == [
        ngo.inn,
        "Орлова Е. Ю.",
        "15.12.2026",
        "Не менее 40 консультаций",
        "консультаций",
        0,
        40,
        28.5,
        "В работе",
    ]
    assert by_code["1.1.1"][13].startswith("№ ")
    assert by_code["2.1"][3] is None


def _cells(data: bytes) -> list[list[Any]]:
    sheet = load_workbook(io.BytesIO(data), read_only=True).worksheets[0]
    return [list(r) for r in sheet.iter_rows(values_only=True)]


def _workbook(rows: list[list[Any]]) -> io.BytesIO:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(COLUMNS)
    for row in rows:
        sheet.append(row + [None] * (len(COLUMNS) - len(row)))
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    return buffer


def test_an_edited_file_updates_adds_and_removes_nodes(full_roadmap: Any, perm_manager: Any) -> None:
    rows = _cells(roadmap_export_xlsx(full_roadmap))[1:]
    for r in rows:
        if r[1] == "1.1.2":
            r[12] = "В работе"
    rows = [r for r in rows if r[1] not in ("1.2.1", "2.1")]
    rows.append(
        [
            "Мероприятие",
            "1.2.1",
            "Провести конкурс",
            None,
            None,
            None,
            "01.03.2027",
            None,
            None,
            None,
            None,
            None,
            "Не начато",
            None,
        ]
    )
    rows.append(["Мероприятие", "1.2.2", "Заключить соглашения", None, None, None, "01.06.2027"])
    report = actions.roadmap_import(roadmap=full_roadmap, by=perm_manager, source=_workbook(rows))
    assert (report.updated, report.created, report.deleted) == (2, 1, 1)
    nodes = {n.code: n for n in RoadmapNode.objects.filter(roadmap=full_roadmap)}
    assert nodes["1.1.2"].status == ItemStatus.IN_PROGRESS and nodes["1.1.2"].done_on is None
    assert nodes["1.2.1"].title == "Провести конкурс" and nodes["1.2.1"].deadline == datetime.date(2027, 3, 1)
    assert nodes["1.2.2"].status == ItemStatus.PLANNED and "2.1" not in nodes
    assert ChangeEntry.objects.filter(action="import").count() >= 2


def test_bad_rows_are_reported_with_row_and_reason_and_nothing_is_written(full_roadmap: Any, perm_manager: Any) -> None:
    before = state(full_roadmap)
    history = ChangeEntry.objects.count()
    rows = [
        ["Цель", "1", "Цель один", 50],
        ["Цель", "2", "Цель два", 0],
        ["Мера", "1.1", "Мера", None],
        [
            "Мероприятие",
            "1.1.1",
            "Мероприятие",
            None,
            "7700000000",
            None,
            "31.02.2026",
            None,
            None,
            None,
            "много",
            None,
            "Сделано",
        ],
        ["Мероприятие", "3.1.1", "Сирота", None],
        ["Мера", "1.1.1", "Не тот уровень", None],
        ["Этап", "4", "", None],
    ]
    with pytest.raises(RoadmapImportError) as caught:
        actions.roadmap_import(roadmap=full_roadmap, by=perm_manager, source=_workbook(rows))
    errors = dict(caught.value.errors)
    assert sorted(errors) == [3, 5, 7, 8]
    assert "вес должен быть больше нуля" in errors[3]
    assert "организация «7700000000» не найдена" in errors[5]
    assert "срок «31.02.2026»" in errors[5] and "«Целевое значение»: «много» — не число" in errors[5]
    assert "статус «Сделано»" in errors[5]
    assert "не соответствует уровню «Мера»" in errors[7]
    assert "уровень «Этап»" in errors[8] and "не указано наименование" in errors[8]
    assert state(full_roadmap) == before
    assert ChangeEntry.objects.count() == history


def test_a_tree_error_is_reported_after_the_rows_pass(roadmap: Any, perm_manager: Any) -> None:
    rows = [["Цель", "1", "Цель", 60], ["Цель", "2", "Цель", 30], ["Мероприятие", "1.1.1", "Без меры"]]
    with pytest.raises(RoadmapImportError) as caught:
        actions.roadmap_import(roadmap=roadmap, by=perm_manager, source=_workbook(rows))
    errors = caught.value.errors
    assert (
        2,
        "веса у целей: Сумма весов должна быть 100 %, сейчас 90 %. (или оставьте вес пустым у всех — равные веса)",
    ) in errors
    assert (4, "нет строки родителя с кодом «1.1»") in errors
    assert not RoadmapNode.objects.exists()


def test_a_node_with_evidence_is_not_silently_dropped(full_roadmap: Any, perm_manager: Any) -> None:
    item = RoadmapNode.objects.get(roadmap=full_roadmap, code="1.1.2")
    actions.evidence_add(node=item, by=perm_manager, title="Фото", url="https://example.ru/photo")
    rows = [r for r in _cells(roadmap_export_xlsx(full_roadmap))[1:] if r[1] != "1.1.2"]
    with pytest.raises(RoadmapImportError, match="ошибок в строках — 1") as caught:
        actions.roadmap_import(roadmap=full_roadmap, by=perm_manager, source=_workbook(rows))
    assert "1.1.2 «Семинар» отсутствует в файле, но у него есть подтверждения" in caught.value.errors[0][1]
    assert RoadmapNode.objects.filter(pk=item.pk).exists()


def test_a_file_of_another_shape_is_refused(roadmap: Any, perm_manager: Any) -> None:
    workbook = Workbook()
    workbook.active.append(["Название", "Срок"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    with pytest.raises(RoadmapImportError) as caught:
        actions.roadmap_import(roadmap=roadmap, by=perm_manager, source=buffer)
    assert caught.value.errors[0][0] == 1 and "заголовок не совпадает" in caught.value.errors[0][1]
    with pytest.raises(RoadmapImportError, match="ошибок"):
        actions.roadmap_import(roadmap=roadmap, by=perm_manager, source=io.BytesIO(b"not a workbook"))


def test_the_import_page_lists_the_bad_rows(full_roadmap: Any, perm_manager: Any) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from konstruktor.core.testing import login

    upload = SimpleUploadedFile("карта.xlsx", _workbook([["Цель", "1", "Цель", 0]]).getvalue())
    response = login(perm_manager).post(f"/governance/roadmaps/{full_roadmap.pk}/import/", {"file": upload})
    body = response.content.decode()
    assert response.status_code == 200
    assert "ничего не загружено" in body and "вес должен быть больше нуля" in body
