"""The transfer workflow through the actions: request → plan → stages with fidelity checks → result."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType

from konstruktor.organizations.models import Organization, SupportForm, SupportRecord, SupportService
from konstruktor.practices.models import Effect, Evaluation, EvaluationDesign, EvidenceLevel, Status
from konstruktor.replication import actions
from konstruktor.replication.errors import AccessDenied, ReplicationError
from konstruktor.replication.models import (
    Adaptation,
    Fidelity,
    RequestStatus,
    Stage,
    Transfer,
    TransferStatus,
)
from konstruktor.replication.tests.factories import PracticeFactory, member, municipality, ngo

pytestmark = pytest.mark.django_db


def centre_of(user):  # type: ignore[no-untyped-def]
    return Organization.objects.get(memberships__user=user, kind=Organization.Kind.RESOURCE_CENTRE)


def support_of(transfer):  # type: ignore[no-untyped-def]
    return SupportRecord.objects.filter(
        source_type=ContentType.objects.get_for_model(Transfer), source_id=transfer.pk
    ).order_by("id")


@pytest.fixture
def recipient():  # type: ignore[no-untyped-def]
    return ngo(place=municipality("Чусовской городской округ"), groups=("elderly",))


@pytest.fixture
def practice():  # type: ignore[no-untyped-def]
    return PracticeFactory(groups=("elderly",))


@pytest.fixture
def transfer(perm_consultant, practice, recipient):  # type: ignore[no-untyped-def]
    request = actions.request_create(
        by=perm_consultant,
        practice=practice,
        requester=centre_of(perm_consultant),
        recipient=recipient,
        motivation="В округе нет клубов для пожилых",
    )
    return actions.request_accept(request=request, by=perm_consultant, start=datetime.date(2026, 11, 2))


def all_as_specified(transfer):  # type: ignore[no-untyped-def]
    return {i.pk: (Fidelity.AS_SPECIFIED, "") for i in transfer.fidelity_items.all()}


def walk_to(transfer, stage, by):  # type: ignore[no-untyped-def]
    while transfer.stage != stage:
        if transfer.stage in (Stage.ADAPTATION, Stage.PILOT, Stage.IMPLEMENTATION, Stage.EVALUATION):
            actions.fidelity_check_record(transfer=transfer, by=by, marks=all_as_specified(transfer))
        transfer = actions.transfer_stage_advance(transfer=transfer, by=by)
    return transfer


def test_accepting_a_request_opens_a_transfer_with_the_plan_in_working_days(transfer, practice, recipient) -> None:
    assert transfer.request.status == RequestStatus.ACCEPTED
    assert transfer.stage == Stage.ACQUAINTANCE and transfer.status == TransferStatus.ACTIVE
    assert transfer.mentor == practice.organization and transfer.mentor_contact == "Смирнова Анна Петровна"
    assert transfer.municipality == recipient.municipality_ref
    steps = list(transfer.steps.all())
    # 2 Nov 2026 is a Monday; 4 Nov (Народное единство, ТК РФ ст. 112) is a day off.
    assert [(s.starts_on, s.due_on) for s in steps] == [
        (datetime.date(2026, 11, 2), datetime.date(2026, 11, 6)),
        (datetime.date(2026, 11, 6), datetime.date(2026, 11, 10)),
        (datetime.date(2026, 11, 10), datetime.date(2026, 11, 17)),
    ]
    assert [s.owner for s in steps] == [practice.organization, transfer.centre, recipient]
    assert [i.title for i in transfer.fidelity_items.all()] == [
        "Занятия два раза в неделю",
        "Наставник из числа участников",
    ]
    assert [(o.name, o.baseline, o.target) for o in transfer.outcomes.all()] == [
        ("Меньше одиночества", "60", "45"),
        ("Участники остаются в клубе", "0", "70"),
    ]


def test_accepting_a_request_writes_a_support_record_of_the_regions_centre(transfer, perm_consultant) -> None:
    [record] = support_of(transfer)
    assert record.provider == centre_of(perm_consultant) == transfer.centre
    assert record.recipient == transfer.recipient
    assert (record.service, record.form) == (SupportService.PRACTICE_TRANSFER, SupportForm.CONSULTATION)
    assert "заявка принята" in record.description


def test_a_stage_from_adaptation_on_cannot_be_passed_without_a_fidelity_check(transfer, perm_consultant) -> None:
    transfer = walk_to(transfer, Stage.ADAPTATION, perm_consultant)
    records = support_of(transfer).count()
    with pytest.raises(ReplicationError, match="проверьте соответствие модели на этапе «Адаптация»"):
        actions.transfer_stage_advance(transfer=transfer, by=perm_consultant)
    transfer.refresh_from_db()
    assert transfer.stage == Stage.ADAPTATION and support_of(transfer).count() == records


def test_every_stage_passed_writes_a_support_record(transfer, perm_consultant) -> None:
    transfer = walk_to(transfer, Stage.PILOT, perm_consultant)
    descriptions = [r.description for r in support_of(transfer)]
    assert [d for d in descriptions if "пройден этап" in d] == [
        f"Трансфер практики «{transfer.practice.title}»: пройден этап «Знакомство»",
        f"Трансфер практики «{transfer.practice.title}»: пройден этап «Стажировка»",
        f"Трансфер практики «{transfer.practice.title}»: пройден этап «Адаптация»",
    ]
    assert sum("проверка соответствия" in d for d in descriptions) == 1
    assert [c.to_stage for c in transfer.stage_changes.all()] == [
        Stage.ACQUAINTANCE, Stage.INTERNSHIP, Stage.ADAPTATION, Stage.PILOT,
    ]  # fmt: skip


def test_the_fidelity_index_is_the_share_of_core_components_implemented_as_specified(transfer, perm_consultant) -> None:
    assert actions.fidelity_index([Fidelity.AS_SPECIFIED, Fidelity.ADAPTED, Fidelity.AS_SPECIFIED]) == Decimal("66.7")
    assert actions.fidelity_index([Fidelity.NOT_IMPLEMENTED]) == Decimal("0.0")
    transfer = walk_to(transfer, Stage.ADAPTATION, perm_consultant)
    first, second = transfer.fidelity_items.all()
    check = actions.fidelity_check_record(
        transfer=transfer,
        by=perm_consultant,
        marks={first.pk: (Fidelity.AS_SPECIFIED, ""), second.pk: (Fidelity.ADAPTED, "Наставник — сотрудник РЦ")},
    )
    assert check.stage == Stage.ADAPTATION and check.index == Decimal("50.0")
    assert [m.comment for m in check.marks.all()] == ["", "Наставник — сотрудник РЦ"]


def test_a_fidelity_check_must_mark_every_core_component_and_writes_nothing_otherwise(
    transfer, perm_consultant
) -> None:
    first = transfer.fidelity_items.first()
    with pytest.raises(ReplicationError, match="Отметьте каждый ключевой компонент: «Наставник из числа участников»"):
        actions.fidelity_check_record(
            transfer=transfer, by=perm_consultant, marks={first.pk: (Fidelity.AS_SPECIFIED, "")}
        )
    assert not transfer.fidelity_checks.exists()


def test_a_mentors_fidelity_check_is_recorded_by_the_platform_from_the_transfers_centre(
    transfer, perm_consultant
) -> None:
    mentor = member(transfer.mentor)
    before = set(support_of(transfer).values_list("pk", flat=True))
    check = actions.fidelity_check_record(transfer=transfer, by=mentor, marks=all_as_specified(transfer))
    assert check.index == Decimal("100.0") and check.by == mentor
    record = support_of(transfer).exclude(pk__in=before).get()
    assert (record.provider, record.recipient, record.created_by) == (transfer.centre, transfer.recipient, mentor)
    assert record.provider == centre_of(perm_consultant)
    assert record.service == SupportService.PRACTICE_TRANSFER and record.form == SupportForm.CONSULTATION
    assert record.source_label.startswith("Записано платформой от имени РЦ: проверку соответствия модели провёл")


def test_the_recipients_own_fidelity_check_writes_no_support_record(transfer) -> None:
    before = support_of(transfer).count()
    actions.fidelity_check_record(transfer=transfer, by=member(transfer.recipient), marks=all_as_specified(transfer))
    assert support_of(transfer).count() == before


def test_changing_a_core_component_needs_a_justification_and_is_flagged(transfer, practice, perm_consultant) -> None:
    core = practice.components.get(title="Занятия два раза в неделю")
    adaptable = practice.components.get(is_core=False)
    with pytest.raises(ReplicationError, match="ключевой компонент модели: обоснуйте"):
        actions.adaptation_record(
            transfer=transfer, by=perm_consultant, component=core, what_changed="Раз в неделю", reason="Нет зала"
        )
    assert not Adaptation.objects.exists()

    flagged = actions.adaptation_record(
        transfer=transfer,
        by=perm_consultant,
        component=core,
        what_changed="Раз в неделю",
        reason="Нет зала",
        justification="Второе занятие — онлайн, наставник согласовал",
    )
    plain = actions.adaptation_record(
        transfer=transfer, by=perm_consultant, component=adaptable, what_changed="Без выездов", reason="Зима"
    )
    assert flagged.changes_core and flagged.component_title == core.title and flagged.stage == Stage.ACQUAINTANCE
    assert not plain.changes_core and plain.justification == ""


def test_a_component_of_another_practice_is_refused(transfer, perm_consultant) -> None:
    foreign = PracticeFactory().components.first()
    with pytest.raises(ReplicationError, match="другой практике"):
        actions.adaptation_record(
            transfer=transfer, by=perm_consultant, component=foreign, what_changed="x", reason="y"
        )


def test_a_completed_transfer_with_comparison_data_counts_as_an_independent_replication(
    transfer, practice, perm_consultant
) -> None:
    assert not practice.evaluations.exists()
    transfer = walk_to(transfer, Stage.EVALUATION, perm_consultant)
    actions.fidelity_check_record(transfer=transfer, by=perm_consultant, marks=all_as_specified(transfer))
    loneliness, retention = transfer.outcomes.all()
    actions.transfer_outcomes_update(
        transfer=transfer,
        by=perm_consultant,
        values={
            loneliness.pk: {"actual": "47", "comparison": "58", "effect": Effect.POSITIVE, "sustained_months": 6},
            retention.pk: {"actual": "72", "effect": ""},
        },
    )

    done = actions.transfer_complete(
        transfer=transfer,
        by=perm_consultant,
        summary="Клуб работает, одиночество снизилось сильнее, чем в соседнем округе.",
        has_comparison=True,
        quality="moderate",
        sample="30 участников, 28 в группе сравнения",
    )

    assert done.status == TransferStatus.COMPLETED and done.finished_on is not None
    evaluation = Evaluation.objects.get(practice=practice)
    assert done.evaluation == evaluation
    assert (evaluation.design, evaluation.has_comparison, evaluation.independent_replication) == (
        EvaluationDesign.QED, True, True,
    )  # fmt: skip
    assert evaluation.region == transfer.region and evaluation.sample == "30 участников, 28 в группе сравнения"
    assert "достигнуто 47, в группе сравнения 58" in evaluation.results
    [result] = evaluation.results_by_outcome.all()
    assert (result.outcome_id, result.effect, result.sustained_months) == (loneliness.outcome_id, "positive", 6)
    practice.refresh_from_db()
    # One moderate quasi-experiment with a positive effect on a priority outcome → L3 «Доказанная».
    assert practice.evidence_level == EvidenceLevel.L3
    assert "завершён: результат учтён в доказанности практики" in support_of(done).last().description


def test_comparison_data_without_any_effect_is_refused_and_nothing_is_written(transfer, perm_consultant) -> None:
    transfer = walk_to(transfer, Stage.EVALUATION, perm_consultant)
    actions.fidelity_check_record(transfer=transfer, by=perm_consultant, marks=all_as_specified(transfer))
    with pytest.raises(ReplicationError, match="укажите эффект хотя бы по одному показателю"):
        actions.transfer_complete(transfer=transfer, by=perm_consultant, summary="Итог", has_comparison=True)
    transfer.refresh_from_db()
    assert transfer.status == TransferStatus.ACTIVE and not Evaluation.objects.exists()


def test_completion_without_comparison_leaves_the_evidence_alone(transfer, practice, perm_consultant) -> None:
    transfer = walk_to(transfer, Stage.EVALUATION, perm_consultant)
    with pytest.raises(ReplicationError, match="проверьте соответствие модели на этапе «Оценка»"):
        actions.transfer_complete(transfer=transfer, by=perm_consultant, summary="Итог", has_comparison=False)
    actions.fidelity_check_record(transfer=transfer, by=perm_consultant, marks=all_as_specified(transfer))
    done = actions.transfer_complete(transfer=transfer, by=perm_consultant, summary="Итог", has_comparison=False)
    practice.refresh_from_db()
    assert done.evaluation is None and practice.evidence_level == EvidenceLevel.L2


def test_a_transfer_is_completed_only_at_the_evaluation_stage(transfer, perm_consultant) -> None:
    with pytest.raises(ReplicationError, match="на этапе «Оценка»"):
        actions.transfer_complete(transfer=transfer, by=perm_consultant, summary="Итог", has_comparison=False)


def test_a_stopped_transfer_accepts_no_more_changes(transfer, perm_consultant) -> None:
    with pytest.raises(ReplicationError, match="почему трансфер прекращён"):
        actions.transfer_stop(transfer=transfer, by=perm_consultant, summary=" ")
    stopped = actions.transfer_stop(transfer=transfer, by=perm_consultant, summary="Получатель закрыл проект")
    assert stopped.status == TransferStatus.STOPPED
    with pytest.raises(ReplicationError, match="прекращён"):
        actions.transfer_stage_advance(transfer=stopped, by=perm_consultant)


def test_the_mentor_works_on_the_transfer_but_does_not_pass_stages(transfer) -> None:
    mentor = member(transfer.mentor)
    actions.adaptation_record(transfer=transfer, by=mentor, what_changed="Материалы на удмуртском", reason="Язык")
    with pytest.raises(AccessDenied):
        actions.transfer_stage_advance(transfer=transfer, by=mentor)


def test_a_consultant_of_another_region_cannot_touch_the_transfer(transfer, ugra_consultant) -> None:
    with pytest.raises(AccessDenied):
        actions.transfer_stage_advance(transfer=transfer, by=ugra_consultant)
    with pytest.raises(AccessDenied):
        actions.adaptation_record(transfer=transfer, by=ugra_consultant, what_changed="x", reason="y")
    transfer.refresh_from_db()
    assert transfer.stage == Stage.ACQUAINTANCE and not transfer.adaptations.exists()


def test_an_ngo_asks_for_itself_only(practice, recipient) -> None:
    person = member(recipient)
    request = actions.request_create(by=person, practice=practice, requester=recipient, motivation="Нужна практика")
    assert request.recipient == recipient and request.region == recipient.region
    other = ngo(place=recipient.municipality_ref)
    with pytest.raises(ReplicationError, match="НКО подаёт заявку для себя"):
        actions.request_create(
            by=person, practice=practice, requester=recipient, recipient=other, motivation="Для соседей"
        )


def test_a_request_for_an_unpublished_practice_or_without_motivation_is_refused(perm_consultant, recipient) -> None:
    centre = centre_of(perm_consultant)
    draft = PracticeFactory(status=Status.DRAFT)
    with pytest.raises(ReplicationError, match="только опубликованные"):
        actions.request_create(
            by=perm_consultant, practice=draft, requester=centre, recipient=recipient, motivation="x"
        )
    with pytest.raises(ReplicationError, match="зачем"):
        actions.request_create(
            by=perm_consultant, practice=PracticeFactory(), requester=centre, recipient=recipient, motivation=" "
        )


def test_a_request_is_declined_with_a_reason_and_decided_only_once(perm_consultant, practice, recipient) -> None:
    request = actions.request_create(
        by=perm_consultant, practice=practice, requester=centre_of(perm_consultant), recipient=recipient,
        motivation="Нужна",
    )  # fmt: skip
    with pytest.raises(ReplicationError, match="причину отказа"):
        actions.request_decline(request=request, by=perm_consultant, comment="")
    declined = actions.request_decline(request=request, by=perm_consultant, comment="Нет наставника в этом году")
    assert declined.status == RequestStatus.DECLINED
    with pytest.raises(ReplicationError, match="уже принято"):
        actions.request_accept(request=declined, by=perm_consultant)
    assert not Transfer.objects.exists()


def test_a_territory_request_needs_a_recipient_when_accepted(perm_consultant, practice) -> None:
    place = municipality("Осинский городской округ")
    request = actions.request_create(
        by=perm_consultant, practice=practice, requester=centre_of(perm_consultant), municipality=place,
        motivation="Нет услуг для пожилых",
    )  # fmt: skip
    with pytest.raises(ReplicationError, match="Выберите организацию-получателя"):
        actions.request_accept(request=request, by=perm_consultant)
    transfer = actions.request_accept(request=request, by=perm_consultant, recipient=ngo(place=place))
    assert transfer.municipality == place
