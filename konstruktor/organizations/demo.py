"""Deterministic Russian demo data: РЦ, 150+ organizations, users of every role, support log.

Idempotent: organizations are keyed by ОГРН, users by login, support records by their content.
Identifiers are generated with valid check digits; they belong to no real organization.
"""

import datetime
import random
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction

from konstruktor.core.identifiers import inn_with_check, ogrn_with_check
from konstruktor.core.roles import Role
from konstruktor.organizations.models import (
    ActivityArea,
    LegalForm,
    Membership,
    Organization,
    OrganizationStatus,
    SupportForm,
    SupportRecord,
    SupportService,
    TargetGroup,
)
from konstruktor.organizations.queries import organization_search_text
from konstruktor.territories.models import Region

DEMO_PASSWORD = "demo-konstruktor"

# (region fns code, РЦ full name, short name, cities)
RESOURCE_CENTRES = [
    ("59", "Автономная некоммерческая организация «Ресурсный центр поддержки СОНКО Пермского края»",
     "АНО «РЦ СОНКО Прикамья»", ["Пермь", "Березники", "Соликамск", "Чайковский", "Кунгур", "Лысьва", "Краснокамск"]),
    ("86", "Автономная некоммерческая организация «Ресурсный центр поддержки общественных инициатив Югры»",
     "АНО «РЦ Югры»", ["Ханты-Мансийск", "Сургут", "Нижневартовск", "Нефтеюганск", "Когалым", "Нягань"]),
    ("54", "Ассоциация «Новосибирский ресурсный центр некоммерческих организаций»",
     "Ассоциация «НРЦ НКО»", ["Новосибирск", "Бердск", "Искитим", "Куйбышев", "Обь", "Карасук"]),
]  # fmt: skip
OTHER_REGIONS = [("22", ["Барнаул", "Бийск"]), ("74", ["Челябинск", "Магнитогорск"]), ("76", ["Ярославль", "Рыбинск"])]

FORMS = [  # (okopf, full-name prefix, short prefix, name pattern kind)
    ("71400", "Автономная некоммерческая организация", "АНО"),
    ("20200", "Региональная общественная организация", "РОО"),
    ("20200", "Местная общественная организация", "МОО"),
    ("70400", "Благотворительный фонд", "БФ"),
    ("70400", "Фонд", "Фонд"),
    ("20600", "Ассоциация", "Ассоциация"),
    ("75500", "Частное учреждение", "ЧУ"),
    ("20300", "Общественное движение", "ОД"),
]
THEMES = [
    ("31.1-01", "социальной поддержки пожилых людей", "Серебряный возраст"),
    ("31.1-01", "помощи семьям с детьми-инвалидами", "Особое детство"),
    ("31.1-09", "развития детского творчества", "Радуга"),
    ("31.1-09", "содействия здоровому образу жизни", "Движение"),
    ("31.1-08", "развития добровольчества", "Доброе сердце"),
    ("31.1-06", "правового просвещения", "Право и защита"),
    ("31.1-04", "защиты животных", "Верный друг"),
    ("31.1-12", "патриотического воспитания молодёжи", "Наследие"),
    ("31.1-11", "сохранения национальных культур", "Дружба народов"),
    ("31.1-07", "профилактики зависимостей", "Новый путь"),
    ("31.1-20", "поддержки многодетных семей", "Многодетная семья"),
    ("31.1-05", "сохранения исторического наследия", "Память"),
    ("31.1-01", "реабилитации людей с ограниченными возможностями", "Преодоление"),
    ("31.1-15", "адаптации мигрантов", "Новые соседи"),
    ("31.1-21", "поддержки ветеранов боевых действий и их семей", "Опора"),
]
# Who each theme's organizations work with (codes of organizations.TargetGroup); some have none.
THEME_TARGET_GROUPS = {
    "социальной поддержки пожилых людей": ["elderly", "caregivers"],
    "помощи семьям с детьми-инвалидами": ["disabled", "families", "children"],
    "развития детского творчества": ["children"],
    "содействия здоровому образу жизни": ["youth", "elderly"],
    "развития добровольчества": ["youth"],
    "правового просвещения": ["hardship"],
    "патриотического воспитания молодёжи": ["youth", "children"],
    "сохранения национальных культур": ["indigenous"],
    "профилактики зависимостей": ["addiction", "youth"],
    "поддержки многодетных семей": ["large_families", "families"],
    "реабилитации людей с ограниченными возможностями": ["disabled"],
    "адаптации мигрантов": ["migrants", "children"],
    "поддержки ветеранов боевых действий и их семей": ["svo", "families"],
}
USERS = [  # login, last, first, middle, role, region fns (None: federal / own org)
    ("coordinator", "Смирнова", "Ольга", "Викторовна", Role.FEDERAL_COORDINATOR, None),
    ("perm.manager", "Кузнецов", "Андрей", "Петрович", Role.RC_MANAGER, "59"),
    ("perm.consultant", "Белова", "Марина", "Сергеевна", Role.RC_CONSULTANT, "59"),
    ("ugra.consultant", "Хабибуллина", "Альфия", "Ринатовна", Role.RC_CONSULTANT, "86"),
    ("nsk.consultant", "Зайцев", "Игорь", "Николаевич", Role.RC_CONSULTANT, "54"),
    ("expert", "Лебедева", "Наталья", "Андреевна", Role.EXPERT, None),
    ("ngo.member", "Орлова", "Екатерина", "Юрьевна", Role.NGO_MEMBER, None),
    ("official", "Миронов", "Павел", "Алексеевич", Role.OFFICIAL, "59"),
]  # fmt: skip


def _identifiers(rng: random.Random, fns: str, year: int) -> tuple[str, str, str]:
    office = f"{rng.randint(1, 20):02d}"
    inn = inn_with_check(f"{fns}{office}{rng.randint(0, 99999):05d}")
    ogrn = ogrn_with_check(f"1{year % 100:02d}{fns}{rng.randint(0, 9999999):07d}")
    return inn, ogrn, f"{fns}{office}01001"


def _organization(
    *,
    rng: random.Random,
    region: Region,
    city: str,
    kind: str,
    full_name: str,
    short_name: str,
    legal_form: LegalForm,
    areas: list[ActivityArea],
) -> Organization:
    year = rng.randint(1998, 2024)
    inn, ogrn, kpp = _identifiers(rng, region.fns_code, year)
    existing = Organization.objects.filter(full_name=full_name, region=region).first()
    if existing is not None:
        return existing
    org = Organization(
        kind=kind, full_name=full_name, short_name=short_name, legal_form=legal_form, inn=inn, ogrn=ogrn,
        kpp=kpp, registration_date=datetime.date(year, rng.randint(1, 12), rng.randint(1, 28)),
        region=region, municipality=f"г. {city}",
        address=f"г. {city}, ул. {rng.choice(['Ленина', 'Мира', 'Советская', 'Гагарина', 'Садовая'])}, д. {rng.randint(1, 120)}",
        phone=f"+7 ({rng.randint(300, 399)}) {rng.randint(200, 999)}-{rng.randint(10, 99)}-{rng.randint(10, 99)}",
        website=f"{'ngo' if kind == 'ngo' else 'rc'}{rng.randint(100, 999)}.example.ru",
        main_activity="Деятельность прочих общественных организаций, не включённых в другие группировки",
    )  # fmt: skip
    org.search_text = organization_search_text(
        full_name=org.full_name, short_name=org.short_name, legal_form=legal_form
    )
    org.save()
    org.areas.set(areas)
    return org


@transaction.atomic
def demo_seed(*, write: Callable[[str], Any] = print) -> None:
    rng = random.Random(2026)
    forms = {f.okopf: f for f in LegalForm.objects.all()}
    areas = {a.code: a for a in ActivityArea.objects.all()}
    target_groups = {t.code: t for t in TargetGroup.objects.all()}
    regions = {r.fns_code: r for r in Region.objects.all()}
    # The programme's pilot regions are chosen by the coordinator; the demo marks three.
    Region.objects.filter(fns_code__in=["59", "86", "54"], is_pilot=False).update(is_pilot=True)

    centres: dict[str, Organization] = {}
    for fns, full, short, _ in RESOURCE_CENTRES:
        okopf = "20600" if full.startswith("Ассоциация") else "71400"
        centres[fns] = _organization(
            rng=rng, region=regions[fns], city=RESOURCE_CENTRES[[c[0] for c in RESOURCE_CENTRES].index(fns)][3][0],
            kind=Organization.Kind.RESOURCE_CENTRE, full_name=full, short_name=short,
            legal_form=forms[okopf], areas=[areas["31.1-08"], areas["31.1-06"]],
        )  # fmt: skip
    ministry = _organization(
        rng=rng, region=regions["59"], city="Пермь", kind=Organization.Kind.AUTHORITY,
        full_name="Министерство социального развития Пермского края", short_name="Минсоцразвития Пермского края",
        legal_form=forms["75203"], areas=[],
    )  # fmt: skip

    places = [(fns, cities) for fns, _, _, cities in RESOURCE_CENTRES] + OTHER_REGIONS
    ngos: list[Organization] = []
    for i in range(168):
        fns, cities = places[i % len(places)] if i % 4 else places[i % 3]
        okopf, form_full, form_short = FORMS[i % len(FORMS)]
        area_code, purpose, brand = THEMES[(i * 7) % len(THEMES)]
        city = cities[(i // 3) % len(cities)]
        scope_word = {"АНО": "", "РОО": "", "МОО": f"города {city} ", "БФ": "", "Фонд": ""}.get(form_short, "")
        full_name = f"{form_full} {scope_word}{purpose} «{brand}{'' if i < len(THEMES) else ' ' + city}»"
        short_name = f"{form_short} «{brand}{'' if i < len(THEMES) else ' ' + city}»"
        org = _organization(
            rng=rng, region=regions[fns], city=city, kind=Organization.Kind.NGO, full_name=full_name,
            short_name=short_name, legal_form=forms[okopf],
            areas=[areas[area_code]] + ([areas["31.1-08"]] if i % 5 == 0 else []),
        )  # fmt: skip
        ngos.append(org)
        if not org.target_groups.exists():
            # Half of them name only their main target group, as cards in a real registry do.
            codes = THEME_TARGET_GROUPS.get(purpose, [])[: 2 if i % 2 else 1]
            org.target_groups.set([target_groups[c] for c in codes if c in target_groups])
        if i % 3 == 0 and not org.statuses.exists():
            OrganizationStatus.objects.create(
                organization=org,
                kind=OrganizationStatus.Kind.SONKO,
                since=datetime.date(2019 + i % 5, 1, 15),
                note="Устав, 7-ФЗ ст. 31.1",
            )
        if i % 7 == 0 and not org.statuses.filter(kind=OrganizationStatus.Kind.SOCIAL_PROVIDER).exists():
            OrganizationStatus.objects.create(
                organization=org,
                kind=OrganizationStatus.Kind.SOCIAL_PROVIDER,
                since=datetime.date(2021, 3, 1),
                note="442-ФЗ ст. 25",
            )
        if i % 11 == 0 and not org.statuses.filter(kind=OrganizationStatus.Kind.IOPU).exists():
            OrganizationStatus.objects.create(
                organization=org,
                kind=OrganizationStatus.Kind.IOPU,
                since=datetime.date(2025, 6, 1),
                until=datetime.date(2027, 5, 31),
                note="Решение Управления Минюста",
            )
    group = _organization(
        rng=rng, region=regions["59"], city="Кунгур", kind=Organization.Kind.INITIATIVE_GROUP,
        full_name="Инициативная группа социальных работников г. Кунгура «Забота рядом»",
        short_name="ИГ «Забота рядом»", legal_form=forms["71400"], areas=[areas["31.1-01"]],
    )  # fmt: skip
    group.inn = group.ogrn = group.kpp = ""
    group.legal_form = None
    group.search_text = organization_search_text(
        full_name=group.full_name, short_name=group.short_name, legal_form=None
    )
    group.save(update_fields=["inn", "ogrn", "kpp", "legal_form", "search_text"])
    if "elderly" in target_groups and not group.target_groups.exists():
        group.target_groups.set([target_groups["elderly"]])

    User = get_user_model()
    for login, last, first, middle, role, region_code in USERS:
        user, created = User.objects.get_or_create(
            username=login,
            defaults={"last_name": last, "first_name": first, "middle_name": middle, "email": f"{login}@example.ru"},
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        if role == Role.FEDERAL_COORDINATOR:
            user.is_staff = user.is_superuser = True
            user.save(update_fields=["is_staff", "is_superuser"])
            org = centres["59"]
        elif role == Role.OFFICIAL:
            org = ministry
        elif role == Role.NGO_MEMBER:
            org = ngos[0]
        elif role == Role.EXPERT:
            org = ngos[3]
        else:
            org = centres[region_code or "59"]
        Membership.objects.get_or_create(user=user, organization=org, role=role)

    services = [s for s in SupportService.values if s != SupportService.OTHER]
    creator = User.objects.get(username="perm.consultant")
    for i, org in enumerate(ngos):
        centre = centres.get(org.region.fns_code)
        if centre is None or i % 4 == 3:
            continue
        for k in range(1 + i % 3):
            service = services[(i + k) % len(services)]
            form = (
                SupportForm.CONSULTATION
                if service == SupportService.CONSULTATION
                else (SupportForm.FINANCIAL if k == 2 else SupportForm.METHODICAL if i % 2 else SupportForm.INFORMATION)
            )
            SupportRecord.objects.get_or_create(
                provider=centre, recipient=org, service=service,
                date=datetime.date(2026, 1 + (i + k) % 10, 1 + (i * 3 + k) % 27),
                defaults={
                    "form": form,
                    "description": f"{SupportService(service).label}: сопровождение по запросу организации",
                    "amount": Decimal(50000 + 10000 * (i % 5)) if form == SupportForm.FINANCIAL else None,
                    "created_by": creator,
                },
            )  # fmt: skip
    write(
        f"Демо-данные: {Organization.objects.count()} организаций, {len(centres)} РЦ, "
        f"{SupportRecord.objects.count()} записей о поддержке, {len(USERS)} пользователей."
    )
    write(f"Демо-входы (пароль у всех: {DEMO_PASSWORD}):")
    for login, role_label in demo_logins():
        write(f"  {login:<18} {role_label}")


def demo_logins() -> list[tuple[str, str]]:
    return [(login, dict(Role.choices)[role]) for login, _, _, _, role, _ in USERS]
