"""Mentor matching and recorded partnerships with their support records."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from konstruktor.incubator import actions, queries
from konstruktor.incubator.errors import AccessDenied, IncubatorError
from konstruktor.incubator.models import Partnership
from konstruktor.incubator.tests.factories import area, group, municipality, ngo
from konstruktor.organizations.models import OrganizationStatus, SupportRecord
from konstruktor.organizations.tests.factories import SupportRecordFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 6, 1)


def test_an_older_same_area_sonko_from_another_municipality_ranks_above_a_young_neighbour(perm_consultant) -> None:
    place = municipality()
    g = group(by=perm_consultant, municipality=place, areas=[area("31.1-01")])
    seasoned = ngo(
        areas=[area("31.1-01")],
        registered=datetime.date(2015, 4, 1),
        statuses=(OrganizationStatus.Kind.SONKO,),
        municipality_ref=municipality(),
    )
    SupportRecordFactory.create_batch(3, recipient=seasoned)
    young = ngo(areas=[area("31.1-01")], registered=datetime.date(2025, 2, 1), municipality_ref=place)
    unrelated = ngo(areas=[area("31.1-04")], registered=datetime.date(2010, 1, 1))

    candidates = queries.mentor_candidates(organization=g.organization, today=TODAY)

    orgs = [c.org for c in candidates]
    assert orgs.index(seasoned) < orgs.index(young)
    assert unrelated not in orgs  # no shared area, target group or status
    top, lower = candidates[orgs.index(seasoned)], candidates[orgs.index(young)]
    assert any("общие направления" in r for r in top.reasons)
    assert any("работает 11 лет" in r for r in top.reasons)
    assert any("СОНКО" in r for r in top.reasons)
    assert "младше 3 лет" in lower.lower_because
    assert "из той же территории" in lower.lower_because


def test_a_mentor_from_another_region_gets_a_cross_region_bonus_and_says_so(perm_consultant) -> None:
    g = group(by=perm_consultant, areas=[area("31.1-01")])
    far = ngo(fns_code="86", areas=[area("31.1-01")], registered=datetime.date(2016, 1, 1))
    [candidate] = queries.mentor_candidates(organization=g.organization, today=TODAY)
    assert candidate.org == far
    assert any("из другого региона" in r for r in candidate.reasons)


def test_mentor_ranking_takes_a_fixed_number_of_queries(perm_consultant) -> None:
    g = group(by=perm_consultant, areas=[area("31.1-01")])
    for year in range(2005, 2011):
        org = ngo(areas=[area("31.1-01")], registered=datetime.date(year, 1, 1), statuses=("sonko",))
        SupportRecordFactory(recipient=org)
    with CaptureQueriesContext(connection) as ctx:
        candidates = queries.mentor_candidates(organization=g.organization, today=TODAY)
    assert len(candidates) == 6
    assert len(ctx.captured_queries) <= 8


def test_agreeing_a_partnership_and_a_meeting_write_support_records_for_both_sides(perm_consultant) -> None:
    g = group(by=perm_consultant)
    mentor = ngo(areas=[area("31.1-01")], registered=datetime.date(2012, 1, 1))
    partnership, skipped = actions.partnership_create(
        by=perm_consultant,
        mentor=mentor,
        mentee=g.organization,
        aim="Запустить надомное обслуживание",
        plan="Раз в месяц",
    )
    assert skipped == []
    _, skipped = actions.partnership_meeting_add(
        partnership=partnership, by=perm_consultant, date=partnership.started, topic="Стандарты социальных услуг"
    )
    assert skipped == []
    for side in (mentor, g.organization):
        records = SupportRecord.objects.filter(recipient=side, form="methodical", service="ngo_creation")
        assert records.count() == 2
    partnership.refresh_from_db()
    assert partnership.status == Partnership.Status.ACTIVE


def test_a_mentor_from_another_region_gets_no_record_from_this_region_and_the_mentee_still_does(
    perm_consultant,
) -> None:
    g = group(by=perm_consultant)
    far = ngo(fns_code="86", areas=[area("31.1-01")])
    partnership, skipped = actions.partnership_create(by=perm_consultant, mentor=far, mentee=g.organization, aim="Опыт")
    assert skipped == [str(far)]
    assert not SupportRecord.objects.filter(recipient=far).exists()
    assert SupportRecord.objects.filter(recipient=g.organization, source_id=partnership.pk).exists()


def test_a_partnership_from_another_region_is_refused_and_nothing_is_written(perm_consultant, ugra_consultant) -> None:
    g = group(by=perm_consultant)
    mentor = ngo(fns_code="86")
    with pytest.raises(AccessDenied):
        actions.partnership_create(by=ugra_consultant, mentor=mentor, mentee=g.organization, aim="Опыт")
    assert not Partnership.objects.exists()


def test_an_organization_cannot_mentor_itself(perm_consultant) -> None:
    org = ngo()
    with pytest.raises(IncubatorError, match="самой себе"):
        actions.partnership_create(by=perm_consultant, mentor=org, mentee=org, aim="Опыт")
    assert not Partnership.objects.exists()
