import pytest
from django.urls import reverse

from konstruktor.core.testing import login
from konstruktor.territories.actions import region_set_pilot
from konstruktor.territories.errors import TerritoryError
from konstruktor.territories.models import Region
from konstruktor.territories.queries import region_by_oktmo, region_id_by_name

pytestmark = pytest.mark.django_db

PROGRAMME = {
    "Алтайский край", "Архангельская область", "Кемеровская область — Кузбасс", "Красноярский край",
    "Нижегородская область", "Новгородская область", "Новосибирская область", "Пермский край",
    "г. Санкт-Петербург", "Тюменская область", "Ульяновская область",
    "Ханты-Мансийский автономный округ — Югра", "Челябинская область", "Ярославская область",
}  # fmt: skip


def test_all_89_subjects_ship_with_programme_regions_flagged() -> None:
    assert Region.objects.count() == 89
    assert set(Region.objects.filter(is_programme=True).values_list("name", flat=True)) == PROGRAMME
    assert Region.objects.get(fns_code="59").code == "57"
    assert Region.objects.get(fns_code="86").oktmo_prefix == "718"
    # The four subjects admitted in 2022 carry codes that must be verified.
    assert set(Region.objects.filter(codes_uncertain=True).values_list("fns_code", flat=True)) == {
        "90",
        "93",
        "94",
        "95",
    }
    assert Region.objects.get(fns_code="91").iso_code == ""  # no RU ISO code for Crimea


@pytest.mark.parametrize(
    "text,fns",
    [
        ("Карелия (Республика)", "10"), ("Респ Адыгея", "01"), ("Чувашская Республика-Чувашия", "21"),
        ("Ханты-Мансийский автономный округ - Югра", "86"), ("Москва", "77"), ("Московская обл.", "50"),
        ("Ненецкий АО", "83"), ("Ямало-Ненецкий АО", "89"), ("Кемеровская область", "42"),
        ("Саха /Якутия/ Республика", "14"), ("г. Санкт-Петербург", "78"),
    ],
)  # fmt: skip
def test_region_names_in_register_styles_are_matched(text: str, fns: str) -> None:
    assert region_id_by_name(text) == Region.objects.get(fns_code=fns).pk


def test_oktmo_belongs_to_autonomous_okrug_by_longest_prefix() -> None:
    assert region_by_oktmo("71871000001").fns_code == "86"
    assert region_by_oktmo("71701000001").fns_code == "72"


def test_only_coordinator_marks_pilot_regions(perm_consultant, coordinator) -> None:  # type: ignore[no-untyped-def]
    perm = Region.objects.get(fns_code="59")
    with pytest.raises(TerritoryError):
        region_set_pilot(region=perm, is_pilot=True, by=perm_consultant)
    assert region_set_pilot(region=perm, is_pilot=True, by=coordinator).is_pilot


def test_sixth_pilot_region_is_refused(coordinator) -> None:  # type: ignore[no-untyped-def]
    for region in Region.objects.filter(is_programme=True)[:5]:
        region_set_pilot(region=region, is_pilot=True, by=coordinator)
    sixth = Region.objects.filter(is_programme=True, is_pilot=False).first()
    with pytest.raises(TerritoryError, match="пилотных"):
        region_set_pilot(region=sixth, is_pilot=True, by=coordinator)


def test_pilot_toggle_through_the_page(coordinator, perm_consultant) -> None:  # type: ignore[no-untyped-def]
    region = Region.objects.get(fns_code="52")
    url = reverse("territories:pilot", args=[region.pk])
    assert login(perm_consultant).post(url, {"is_pilot": "1"}).status_code == 403
    response = login(coordinator).post(url, {"is_pilot": "1"}, follow=True)
    assert "отмечен как пилотный" in response.content.decode()
    region.refresh_from_db()
    assert region.is_pilot


def test_regions_page_is_public(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get(reverse("territories:regions") + "?show=all")
    assert response.status_code == 200
    assert "Ханты-Мансийский автономный округ — Югра" in response.content.decode()
