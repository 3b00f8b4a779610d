"""Demo data: the shipped packages and a draft for two demo organizations (idempotent)."""

from collections.abc import Callable
from typing import Any

from django.contrib.auth import get_user_model

from konstruktor.documents.models import PackageDefinition, PackageDraft
from konstruktor.documents.shipped.install import shipped_install
from konstruktor.organizations.models import Organization


def demo_seed(*, write: Callable[[str], Any] = print) -> None:
    shipped_install(write=write)
    User = get_user_model()
    consultant = User.objects.filter(username="perm.consultant").first()
    group = Organization.objects.filter(
        kind=Organization.Kind.INITIATIVE_GROUP,
        full_name="Инициативная группа социальных работников г. Кунгура «Забота рядом»",
    ).first()
    if consultant is None or group is None:
        return
    from konstruktor.documents.actions import draft_create, draft_save

    ano = PackageDefinition.objects.get(slug="ano-registration")
    if not PackageDraft.objects.filter(package=ano, organization=group).exists():
        draft = draft_create(package=ano, organization=group, by=consultant)
        answers = dict(draft.answers)
        answers.update(
            {
                "full_name": "Автономная некоммерческая организация социальной поддержки пожилых людей «Забота рядом»",
                "short_name": "АНО «Забота рядом»",
                "location": "г. Кунгур",
                "goals": "социальная поддержка и защита граждан пожилого возраста\nсодействие активному долголетию",
                "activities": "оказание социально-бытовых услуг на дому\nорганизация клубов общения и досуга",
                "activity_areas": ["31.1-01"],
            }
        )
        draft_save(draft=draft, by=consultant, answers=answers, step_seen=0)
        write(f"Документы: черновик «{draft.title}» для демонстрации.")
    report = PackageDefinition.objects.get(slug="minjust-annual-report")
    ngo = Organization.objects.filter(kind=Organization.Kind.NGO, region__fns_code="59").order_by("id").first()
    if ngo is not None and not PackageDraft.objects.filter(package=report, organization=ngo).exists():
        draft = draft_create(package=report, organization=ngo, by=consultant)
        write(f"Документы: черновик «{draft.title}» для демонстрации.")
