"""Every URL of the three practice apps (practices, expertise, replication), walked from the other side.

The world lives in one region (Пермский край): practices in every status, a call with an entry and
two assignments, a transfer and a new replication request. Outsiders — an anonymous visitor, an
NGO member of another organization, a РЦ consultant and a РЦ manager of another region, an expert
who is not assigned and an official of the same region — GET and POST every URL pattern of the
three apps (a new pattern fails the test until it is listed here). Each answer must be a 404, a
403, a redirect to the login page or a page the actor may legitimately read or fill in; nothing in
the database may change, and no page may show an unpublished practice or the leader's contacts.
"""

import datetime
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from konstruktor.core.models import ChangeEntry
from konstruktor.core.roles import Role
from konstruktor.core.testing import login
from konstruktor.expertise import actions as expertise_actions
from konstruktor.expertise.tests.factories import expert, manager, open_call
from konstruktor.organizations.models import Membership, Organization, SupportRecord
from konstruktor.organizations.tests.factories import OrganizationFactory, region, staff
from konstruktor.practices.models import Practice, Status
from konstruktor.practices.screening import GATE_CODES
from konstruktor.practices.tests.factories import ngo_member
from konstruktor.practices.tests.factories import practice as practice_factory
from konstruktor.replication import actions as replication_actions
from konstruktor.replication.tests.factories import municipality

pytestmark = pytest.mark.django_db

NAMESPACES = ("practices", "expertise", "replication")
CONTACT_NAME = "Секретова Алла Борисовна"
CONTACT_EMAIL = "alla.leader@secret-contact.example"
CONTACT_PHONE = "+7 912 000-11-22"
MOTIVATION = "Мотивация заявки видна только участникам"
HIDDEN = {  # status → a title only staff of the region and the organization may see
    Status.DRAFT: "Скрытая практика: черновик",
    Status.MODERATION: "Скрытая практика: на модерации",
    Status.REWORK: "Скрытая практика: на доработке",
    Status.REVIEW: "Скрытая практика: на экспертизе",
    Status.DECIDED: "Скрытая практика: решение принято",
    Status.WITHDRAWN: "Скрытая практика: снята с публикации",
}
PUBLISHED_TITLE = "Открытая практика: клуб приёмных семей"


@dataclass
class World:
    practices: dict[str, Practice]
    leading: Organization
    recipient: Organization
    region_id: int
    oktmo: str
    call_open: Any
    call_draft: Any
    entry: Any
    assignments: list[Any]
    transfer: Any
    step_id: int
    request_new: Any
    cases: dict[str, list[dict[str, Any]]] = field(default_factory=dict)


def _world() -> World:
    perm = region("59")
    leading = OrganizationFactory(region=perm, full_name="АНО «Ведущая организация практик»")
    place = municipality("Кунгурский муниципальный округ")
    recipient = OrganizationFactory(region=perm, municipality_ref=place, full_name="АНО «Получатель практики»")
    home_manager = manager("59")
    home_consultant = staff(Role.RC_CONSULTANT, fns_code="59")
    contacts = {"contact_name": CONTACT_NAME, "contact_email": CONTACT_EMAIL, "contact_phone": CONTACT_PHONE}
    practices = {
        status: practice_factory(organization=leading, status=status, title=title, **contacts)
        for status, title in HIDDEN.items()
    }
    practices[Status.PUBLISHED] = practice_factory(
        organization=leading, status=Status.PUBLISHED, title=PUBLISHED_TITLE, **contacts
    )
    call = open_call(by=home_manager)
    draft_call = expertise_actions.call_create(by=home_manager, title="Черновик отбора", region=perm)
    entry = expertise_actions.entry_add(call=call, practice=practices[Status.REVIEW], by=home_manager)
    in_progress = expertise_actions.assignment_create(entry=entry, expert=expert("54"), by=home_manager)
    in_progress = expertise_actions.assignment_declare(
        assignment=in_progress, by=in_progress.expert, has_conflict=False
    )
    awaiting = expertise_actions.assignment_create(entry=entry, expert=expert("78"), by=home_manager)
    centre = Organization.objects.get(memberships__user=home_consultant, kind=Organization.Kind.RESOURCE_CENTRE)
    accepted = replication_actions.request_create(
        by=home_consultant,
        practice=practices[Status.PUBLISHED],
        requester=centre,
        recipient=recipient,
        motivation=MOTIVATION,
    )
    transfer = replication_actions.request_accept(request=accepted, by=home_consultant, start=datetime.date(2026, 3, 2))
    pending = replication_actions.request_create(
        by=home_consultant,
        practice=practices[Status.PUBLISHED],
        requester=centre,
        municipality=place,
        motivation=MOTIVATION,
    )
    return World(
        practices=practices,
        leading=leading,
        recipient=recipient,
        region_id=perm.pk,
        oktmo=place.oktmo,
        call_open=call,
        call_draft=draft_call,
        entry=entry,
        assignments=[in_progress, awaiting],
        transfer=transfer,
        step_id=transfer.steps.first().pk,
        request_new=pending,
    )


# ---------------------------------------------------------------- actors


def _actor(kind: str) -> Any:
    if kind == "anonymous":
        return None
    if kind == "ngo_member_of_another_organization":
        return ngo_member(OrganizationFactory(region=region("59")))
    if kind == "rc_consultant_of_another_region":
        return staff(Role.RC_CONSULTANT, fns_code="86")
    if kind == "rc_manager_of_another_region":
        return staff(Role.RC_MANAGER, fns_code="86")
    if kind == "expert_not_assigned":
        return expert("66")
    if kind == "official_of_the_region":
        authority = OrganizationFactory(region=region("59"), kind=Organization.Kind.AUTHORITY)
        return ngo_member(authority, role=Role.OFFICIAL)
    raise AssertionError(kind)


ACTORS = (
    "anonymous",
    "ngo_member_of_another_organization",
    "rc_consultant_of_another_region",
    "rc_manager_of_another_region",
    "expert_not_assigned",
    "official_of_the_region",
)
LOGGED_IN = frozenset(ACTORS) - {"anonymous"}
EVERYONE = frozenset(ACTORS)
RC_STAFF = frozenset({"rc_consultant_of_another_region", "rc_manager_of_another_region"})
REQUESTERS = RC_STAFF | {"ngo_member_of_another_organization"}


# ---------------------------------------------------------------- what each URL may answer


@dataclass(frozen=True)
class Case:
    url: str
    get_ok: frozenset[str] = frozenset()  # actors for whom GET may answer 200
    post_form: frozenset[str] = frozenset()  # actors for whom POST may re-render a form (200)
    label: str = ""


def _cases(w: World) -> dict[str, list[Case]]:
    p = w.practices

    def each_practice(name: str, *, ok_published: frozenset[str] = frozenset(), query: str = "") -> list[Case]:
        return [
            Case(
                reverse(f"practices:{name}", args=[x.pk]) + query,
                get_ok=ok_published if status == Status.PUBLISHED else frozenset(),
                label=status,
            )
            for status, x in p.items()
        ]

    return {
        "practices:list": [Case(reverse("practices:list"), get_ok=LOGGED_IN)],
        "practices:export": [Case(reverse("practices:export"), get_ok=LOGGED_IN)],
        "practices:new": [
            Case(reverse("practices:new"), get_ok=REQUESTERS, post_form=REQUESTERS),
        ],
        "practices:import": [Case(reverse("practices:import"), get_ok=RC_STAFF, post_form=RC_STAFF)],
        "practices:detail": each_practice("detail", ok_published=LOGGED_IN),
        "practices:edit": each_practice("edit"),
        "practices:submit": each_practice("submit"),
        "practices:return": each_practice("return"),
        "practices:screen": each_practice("screen"),
        "practices:publish": each_practice("publish"),
        "practices:withdraw": each_practice("withdraw"),
        "practices:rerate": each_practice("rerate"),
        "practices:version_diff": each_practice("version_diff", ok_published=LOGGED_IN, query="?a=1&b=1"),
        "practices:catalog": [Case(reverse("practices:catalog"), get_ok=EVERYONE, post_form=EVERYONE)],
        "practices:public_detail": [
            Case(
                reverse("practices:public_detail", args=[x.pk]),
                get_ok=EVERYONE if status == Status.PUBLISHED else frozenset(),
                post_form=EVERYONE if status == Status.PUBLISHED else frozenset(),
                label=status,
            )
            for status, x in p.items()
        ],
        "practices:open_data": [Case(reverse("practices:open_data"), get_ok=EVERYONE, post_form=EVERYONE)],
        "practices:datapackage": [Case(reverse("practices:datapackage"), get_ok=EVERYONE, post_form=EVERYONE)],
        "practices:open_data_file": [
            Case(reverse("practices:open_data_file", args=[name]), get_ok=EVERYONE, post_form=EVERYONE)
            for name in ("practices.csv", "outcomes.csv", "practices.json", "practices.xlsx")
        ],
        "expertise:call_list": [Case(reverse("expertise:call_list"), get_ok=RC_STAFF)],
        "expertise:call_new": [
            Case(
                reverse("expertise:call_new"),
                get_ok={"rc_manager_of_another_region"},  # type: ignore[arg-type]
                post_form={"rc_manager_of_another_region"},  # type: ignore[arg-type]
            )
        ],
        **{
            f"expertise:{name}": [
                Case(reverse(f"expertise:{name}", args=[c.pk]), label=c.status) for c in (w.call_open, w.call_draft)
            ]
            for name in ("call_detail", "call_edit", "call_criteria", "call_open", "call_close", "entry_add")
        },
        **{
            f"expertise:{name}": [Case(reverse(f"expertise:{name}", args=[w.entry.pk]))]
            for name in ("entry_detail", "entry_assign", "entry_third_expert", "entry_consensus", "entry_decide")
        },
        "expertise:entry_publish": [Case(reverse("expertise:entry_publish", args=[w.entry.pk]))],
        "expertise:my_queue": [Case(reverse("expertise:my_queue"), get_ok={"expert_not_assigned"})],  # type: ignore[arg-type]
        **{
            f"expertise:{name}": [
                Case(reverse(f"expertise:{name}", args=[a.pk]), label=a.status) for a in w.assignments
            ]
            for name in ("assignment", "assignment_declare", "assignment_review")
        },
        "expertise:results_index": [Case(reverse("expertise:results_index"), get_ok=EVERYONE, post_form=EVERYONE)],
        "expertise:call_results": [
            Case(reverse("expertise:call_results", args=[w.call_open.pk]), get_ok=EVERYONE, post_form=EVERYONE),
            Case(reverse("expertise:call_results", args=[w.call_draft.pk]), label="draft"),
        ],
        "replication:list": [Case(reverse("replication:list"), get_ok=LOGGED_IN)],
        **{
            f"replication:{name}": [Case(reverse(f"replication:{name}", args=[w.transfer.pk]))]
            for name in (
                "transfer_detail",
                "transfer_stage",
                "transfer_fidelity",
                "transfer_adaptation",
                "transfer_outcomes",
                "transfer_complete",
                "transfer_stop",
            )
        },
        "replication:transfer_step": [Case(reverse("replication:transfer_step", args=[w.transfer.pk, w.step_id]))],
        "replication:request_new": [
            Case(
                reverse("replication:request_new", args=[x.pk]),
                get_ok=REQUESTERS if status == Status.PUBLISHED else frozenset(),
                post_form=REQUESTERS if status == Status.PUBLISHED else frozenset(),
                label=status,
            )
            for status, x in p.items()
        ],
        **{
            f"replication:{name}": [
                Case(reverse(f"replication:{name}", args=[r.pk]), label=r.status)
                for r in (w.request_new, w.transfer.request)
            ]
            for name in ("request_detail", "request_accept", "request_decline")
        },
        "replication:territory_matches": [
            Case(reverse("replication:territory_matches", args=[w.oktmo]), get_ok=LOGGED_IN)
        ],
        "replication:organization_matches": [
            Case(
                reverse("replication:organization_matches", args=[w.recipient.pk]),
                get_ok={"official_of_the_region"},  # type: ignore[arg-type]
            )
        ],
        "replication:fit_territory": [
            Case(reverse("replication:fit_territory", args=[x.pk, w.oktmo]), label=status) for status, x in p.items()
        ],
        "replication:fit_organization": [
            Case(reverse("replication:fit_organization", args=[x.pk, w.recipient.pk]), label=status)
            for status, x in p.items()
        ],
        "replication:priorities": [Case(reverse("replication:priorities", args=[w.region_id]), get_ok=LOGGED_IN)],
        # The apps' API routes (mounted under /api/v1/).
        "api:practices": [
            Case("/api/v1/practices", get_ok=EVERYONE),
            Case("/api/v1/practices?status=all", get_ok=LOGGED_IN, label="all"),
        ],
        "api:practice": [
            Case(
                f"/api/v1/practices/{x.pk}",
                get_ok=EVERYONE if status == Status.PUBLISHED else frozenset(),
                label=status,
            )
            for status, x in p.items()
        ],
        "api:territory_matches": [Case(f"/api/v1/territories/{w.oktmo}/practice-matches", get_ok=LOGGED_IN)],
        "api:organization_matches": [
            Case(
                f"/api/v1/organizations/{w.recipient.pk}/practice-matches",
                get_ok={"official_of_the_region"},  # type: ignore[arg-type]
            )
        ],
    }


def _url_names() -> set[str]:
    names = set()
    for top in get_resolver().url_patterns:
        if isinstance(top, URLResolver) and top.namespace in NAMESPACES:
            for pattern in top.url_patterns:
                assert isinstance(pattern, URLPattern)
                names.add(f"{top.namespace}:{pattern.name}")
    return names


# ---------------------------------------------------------------- what must not change or leak


def _tables() -> list[Any]:
    models = [m for label in NAMESPACES for m in apps.get_app_config(label).get_models()]
    return [*models, SupportRecord, ChangeEntry, Membership, Organization]


def _state() -> dict[str, list[dict[str, Any]]]:
    return {m._meta.label: list(m.objects.order_by("pk").values()) for m in _tables()}


def _payload(w: World) -> dict[str, Any]:
    """One POST body with every field any form of the three apps asks for, aimed at the world's objects."""
    gates = {f"{code}_passed": "yes" for code in GATE_CODES} | {f"{code}_comment": "ok" for code in GATE_CODES}
    return {
        **gates,
        "comment": "Попытка изменить чужое",
        "summary": "Итог",
        "title": "Подменённое название",
        "description": "x",
        "region": w.region_id,
        "organization": w.leading.pk,
        "organization_name": "АНО «Чужая»",
        "requester": w.recipient.pk,
        "recipient": w.recipient.pk,
        "municipality": "",
        "motivation": "Хотим тоже",
        "practice": w.practices[Status.REVIEW].pk,
        "expert": w.assignments[1].expert_id,
        "minutes": "Протокол",
        "has_conflict": "no",
        "confirm": "on",
        "recommendation": "yes",
        "submit": "1",
        "done": "1",
        "what_changed": "Изменили",
        "reason": "Так надо",
        "has_comparison": "",
        "quality": "low",
        "need": 5,
        "fit": 5,
        "resources": 5,
        "capacity": 5,
        "start": "2026-04-01",
        "social_problem": "Проблема",
        "partial": "on",
        "file": SimpleUploadedFile(
            "projects.csv",
            (
                "operator,year,application_no,org_name,inn,project,region,geography,amount_rub\n"
                f"ФПГ,2024,Z-1,АНО «Ведущая организация практик»,{w.leading.inn},Клуб приёмных семей. Встречи,"
                "Пермский край,,100000\n"
            ).encode(),
            content_type="text/csv",
        ),
    }


def _body(response: Any) -> str:
    raw = b"".join(response.streaming_content) if getattr(response, "streaming", False) else response.content
    if raw[:2] == b"PK":  # xlsx: the shared strings and sheets are XML inside a zip
        with zipfile.ZipFile(io.BytesIO(raw)) as z:
            return " ".join(z.read(n).decode("utf-8", "replace") for n in z.namelist() if n.endswith(".xml"))
    return raw.decode("utf-8", "replace")


SECRETS = (*HIDDEN.values(), CONTACT_NAME, CONTACT_EMAIL, CONTACT_PHONE, MOTIVATION)


def _is_login_redirect(response: Any) -> bool:
    return response.status_code == 302 and "/accounts/login/" in response.url


def _walk(w: World, kind: str) -> Iterator[str]:
    user = _actor(kind)
    client = login(user) if user is not None else Client()
    state = _state()
    for name, cases in _cases(w).items():
        for case in cases:
            for method in ("get", "post"):
                before = state
                if method == "get":
                    response = client.get(case.url)
                    allowed_200 = kind in case.get_ok
                else:
                    response = client.post(case.url, _payload(w))
                    # A read-only page answers a POST as a GET; a form page re-renders with its errors.
                    allowed_200 = kind in case.post_form or kind in case.get_ok
                where = f"{method.upper()} {name} {case.label} {case.url}"
                state = _state()
                if state != before:
                    yield f"{where}: the database changed"
                code = response.status_code
                if code == 200:
                    if not allowed_200:
                        yield f"{where}: 200 for {kind}"
                    body = _body(response)
                    leaked = [s for s in SECRETS if s in body]
                    if leaked:
                        yield f"{where}: shows {leaked}"
                elif code in (403, 404, 405):
                    if method == "get" and allowed_200 and code != 405:
                        yield f"{where}: {code}, expected 200"
                elif _is_login_redirect(response) or (code == 401 and name.startswith("api:")):
                    if kind != "anonymous":
                        yield f"{where}: login redirect for a signed-in user"
                else:
                    yield f"{where}: unexpected {code} {getattr(response, 'url', '')}"


def test_the_walk_covers_every_url_of_the_three_apps() -> None:
    w = _world()
    listed = {name for name in _cases(w) if not name.startswith("api:")}
    assert _url_names() - listed == set(), "add the new URL to _cases with who may open it"


@pytest.mark.parametrize("kind", ACTORS)
def test_outsiders_get_404_403_or_login_on_every_url_and_change_nothing(kind: str) -> None:
    w = _world()
    problems = list(_walk(w, kind))
    assert not problems, "\n".join(problems)
