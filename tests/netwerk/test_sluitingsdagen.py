"""A region's closure days, kept by its coordinator on the region's own page: adding one moves
the open deadlines in working days, removing it moves them back; a day that already does not
count, lies in the past or too far ahead is refused in Dutch; only who may change the norms may
change these days."""

from datetime import date, timedelta

import pytest
from dateutil.relativedelta import relativedelta
from django.urls import reverse
from django.utils import timezone

from ivh.termijnen.constants import Regel
from ivh.termijnen.models import Termijn
from ivh.termijnen.services import termijn_start
from ivh.werkkalender.calendar import WorkCalendar
from ivh.werkkalender.models import Dag, Sluitingsdag
from ivh.werkkalender.services import calendar_extend

NATIONAL = WorkCalendar()


@pytest.fixture(autouse=True)
def _calendar(db: None) -> None:
    calendar_extend()


def page(personas) -> str:
    return reverse("netwerk:region_sluitingsdagen", args=[personas.region.pk])


def remove_url(personas, sluitingsdag: Sluitingsdag) -> str:
    return reverse("netwerk:region_sluitingsdag_remove", args=[personas.region.pk, sluitingsdag.pk])


def first_contact(personas) -> Termijn:
    """An open deadline of five working days from now, in the coordinator's region."""
    return termijn_start(
        subject_kind="aanmelding",
        subject_id=1,
        regel=Regel.EERSTE_CONTACT,
        region_id=personas.region.pk,
        started_at=timezone.now(),
    )


def last_day(termijn: Termijn) -> date:
    """The deadline day itself: `due_at` is the first moment after it."""
    assert termijn.due_at is not None
    return timezone.localdate(termijn.due_at) - timedelta(days=1)


def next_day_off(today: date, *, holiday: bool) -> date:
    """From the stored calendar, the next day after today that is a weekday holiday
    (`holiday`) or else a Saturday or Sunday that is no holiday."""
    days = Dag.objects.filter(day__gt=today, workday=False)
    if holiday:
        days = days.exclude(holiday="").filter(day__week_day__in=[2, 3, 4, 5, 6])
    else:
        days = days.filter(holiday="", day__week_day__in=[1, 7])
    return days.earliest("day").day


def test_coordinator_adds_a_closure_day_and_the_open_deadline_moves_one_working_day(
    personas, login
):
    termijn = first_contact(personas)
    before = last_day(termijn)
    closed = NATIONAL.add_workdays(timezone.localdate(), 1)  # inside the five working days
    client = login(personas.coordinator)

    response = client.post(
        page(personas), {"day": closed.isoformat(), "reason": "Brugdag"}, follow=True
    )

    sluitingsdag = Sluitingsdag.objects.get(region=personas.region)
    assert (sluitingsdag.day, sluitingsdag.reason, sluitingsdag.created_by) == (
        closed,
        "Brugdag",
        personas.coordinator,
    )
    termijn.refresh_from_db()
    assert last_day(termijn) == NATIONAL.add_workdays(before, 1)
    assert termijn.deadline_version == 2
    content = response.content.decode()
    assert "is toegevoegd als sluitingsdag" in content
    assert "1 lopende termijn is verschoven" in content
    # The new day is listed as coming, with who entered it.
    assert [d.pk for d in response.context["coming"]] == [sluitingsdag.pk]
    assert personas.coordinator.full_name in content
    # The other region's deadlines and calendar are untouched.
    assert WorkCalendar.for_region(personas.other_region.pk).is_workday(closed)


def test_removing_a_coming_closure_day_moves_the_deadline_back(personas, login):
    termijn = first_contact(personas)
    before = termijn.due_at
    closed = NATIONAL.add_workdays(timezone.localdate(), 1)
    client = login(personas.coordinator)
    client.post(page(personas), {"day": closed.isoformat(), "reason": "Brugdag"})
    sluitingsdag = Sluitingsdag.objects.get(region=personas.region, day=closed)

    response = client.post(remove_url(personas, sluitingsdag), follow=True)

    assert not Sluitingsdag.objects.filter(region=personas.region).exists()
    termijn.refresh_from_db()
    assert termijn.due_at == before and termijn.deadline_version == 3
    assert (
        "is geen sluitingsdag meer. 1 lopende termijn is verschoven." in response.content.decode()
    )


def test_a_past_closure_day_is_listed_for_this_year_and_cannot_be_removed(personas, login):
    today = timezone.localdate()
    past = Sluitingsdag.objects.create(
        region=personas.region, day=today - timedelta(days=1), reason="Gisteren dicht"
    )
    # Only this year: last year's days are history for the monitor, not for this page.
    Sluitingsdag.objects.create(
        region=personas.region, day=date(today.year - 1, 12, 30), reason="Vorig jaar"
    )
    client = login(personas.coordinator)

    response = client.get(page(personas))
    assert response.context["past"] == ([past] if past.day.year == today.year else [])
    assert response.context["coming"] == []
    assert "Vorig jaar" not in response.content.decode()

    response = client.post(remove_url(personas, past), follow=True)
    assert Sluitingsdag.objects.filter(pk=past.pk).exists()
    assert "is al voorbij en blijft daarom staan" in response.content.decode()


def test_the_page_shows_the_public_holidays_of_the_coming_twelve_months(personas, login):
    today = timezone.localdate()
    response = login(personas.coordinator).get(page(personas))
    shown = [dag.day for dag in response.context["holidays"]]
    expected = list(
        Dag.objects.filter(day__gte=today, day__lt=today + relativedelta(years=1))
        .exclude(holiday="")
        .values_list("day", flat=True)
    )
    assert shown == expected and len(shown) >= 8
    assert "Tweede kerstdag" in response.content.decode()


def _post_kept(client, url: str, day: str, reason: str = "Brugdag") -> str:
    response = client.post(url, {"day": day, "reason": reason})
    assert response.status_code == 200
    content = response.content.decode()
    # What was typed is still in the form.
    assert f'value="{day}"' in content
    assert f'value="{reason}"' in content
    return content


def test_a_day_in_the_past_is_refused_in_dutch(personas, login):
    yesterday = timezone.localdate() - timedelta(days=1)
    content = _post_kept(login(personas.coordinator), page(personas), yesterday.isoformat())
    assert "ligt in het verleden. Kies vandaag of een latere dag." in content
    assert not Sluitingsdag.objects.exists()


def test_a_weekend_day_is_refused_in_dutch(personas, login):
    saturday = next_day_off(timezone.localdate(), holiday=False)
    content = _post_kept(login(personas.coordinator), page(personas), saturday.isoformat())
    assert "valt in het weekend. Die dag telt al niet mee." in content
    assert not Sluitingsdag.objects.exists()


def test_a_public_holiday_is_refused_with_its_name(personas, login):
    today = timezone.localdate()
    tweede_kerstdag = date(today.year, 12, 26)
    if tweede_kerstdag < today:
        tweede_kerstdag = date(today.year + 1, 12, 26)
    client = login(personas.coordinator)
    content = _post_kept(client, page(personas), tweede_kerstdag.isoformat())
    assert "valt al op een feestdag: Tweede kerstdag" in content

    weekday_holiday = Dag.objects.get(day=next_day_off(today, holiday=True))
    content = _post_kept(client, page(personas), weekday_holiday.day.isoformat())
    assert f"valt al op een feestdag: {weekday_holiday.holiday}" in content
    assert not Sluitingsdag.objects.exists()


def test_a_day_already_entered_is_refused_in_dutch(personas, login):
    closed = NATIONAL.add_workdays(timezone.localdate(), 3)
    Sluitingsdag.objects.create(region=personas.region, day=closed, reason="Teamdag")
    client = login(personas.coordinator)

    content = _post_kept(client, page(personas), closed.isoformat(), reason="Nog een keer")
    assert "staat al als sluitingsdag ingevoerd (Teamdag)" in content
    assert Sluitingsdag.objects.get(region=personas.region, day=closed).reason == "Teamdag"


def test_a_day_another_region_closed_can_still_be_entered(personas, login):
    closed = NATIONAL.add_workdays(timezone.localdate(), 3)
    Sluitingsdag.objects.create(region=personas.other_region, day=closed, reason="Zeeland")
    response = login(personas.coordinator).post(
        page(personas), {"day": closed.isoformat(), "reason": "Teamdag"}
    )
    assert response.status_code == 302
    assert Sluitingsdag.objects.filter(region=personas.region, day=closed).exists()


def test_a_day_more_than_two_years_ahead_is_refused_in_dutch(personas, login):
    today = timezone.localdate()
    too_far = today + relativedelta(years=2, days=1)
    content = _post_kept(login(personas.coordinator), page(personas), too_far.isoformat())
    assert "Een sluitingsdag kan tot twee jaar vooruit, dus uiterlijk" in content
    assert not Sluitingsdag.objects.exists()


def test_a_closure_day_needs_a_description(personas, login):
    closed = NATIONAL.add_workdays(timezone.localdate(), 2)
    response = login(personas.coordinator).post(
        page(personas), {"day": closed.isoformat(), "reason": "   "}
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "Schrijf kort op waarom het aanmeldpunt dicht is." in content
    assert f'value="{closed.isoformat()}"' in content
    assert not Sluitingsdag.objects.exists()


@pytest.mark.parametrize(
    "persona, status",
    # The same gate as the norms page: a region one cannot see is not found at all.
    [
        ("casemanager", 403),
        ("gemeente_official", 403),
        ("expert", 403),
        ("outsider_coordinator", 404),
    ],
)
def test_only_who_may_change_the_norms_may_change_the_closure_days(
    personas, login, persona, status
):
    termijn = first_contact(personas)
    closed = NATIONAL.add_workdays(timezone.localdate(), 1)
    existing = Sluitingsdag.objects.create(
        region=personas.region, day=NATIONAL.add_workdays(closed, 1), reason="Teamdag"
    )
    client = login(getattr(personas, persona))

    assert client.get(page(personas)).status_code == status
    response = client.post(page(personas), {"day": closed.isoformat(), "reason": "Brugdag"})
    assert response.status_code == status
    assert client.post(remove_url(personas, existing)).status_code == status

    assert list(Sluitingsdag.objects.values_list("pk", flat=True)) == [existing.pk]
    termijn.refresh_from_db()
    assert termijn.deadline_version == 1


def test_anonymous_is_sent_to_the_login_page_and_changes_nothing(personas, client):
    existing = Sluitingsdag.objects.create(
        region=personas.region, day=NATIONAL.add_workdays(timezone.localdate(), 2), reason="x"
    )
    closed = NATIONAL.add_workdays(timezone.localdate(), 1)
    for response in (
        client.get(page(personas)),
        client.post(page(personas), {"day": closed.isoformat(), "reason": "Brugdag"}),
        client.post(remove_url(personas, existing)),
    ):
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:login"))
    assert list(Sluitingsdag.objects.values_list("pk", flat=True)) == [existing.pk]


def test_a_coordinator_cannot_remove_a_closure_day_of_another_region_through_their_own(
    personas, login
):
    theirs = Sluitingsdag.objects.create(
        region=personas.other_region,
        day=NATIONAL.add_workdays(timezone.localdate(), 2),
        reason="Zeeland dicht",
    )
    client = login(personas.coordinator)
    url = reverse("netwerk:region_sluitingsdag_remove", args=[personas.region.pk, theirs.pk])
    assert client.post(url).status_code == 404
    assert Sluitingsdag.objects.filter(pk=theirs.pk).exists()


def test_removal_is_a_post_only(personas, login):
    existing = Sluitingsdag.objects.create(
        region=personas.region, day=NATIONAL.add_workdays(timezone.localdate(), 2), reason="x"
    )
    assert login(personas.coordinator).get(remove_url(personas, existing)).status_code == 405
    assert Sluitingsdag.objects.filter(pk=existing.pk).exists()


def test_region_and_norms_pages_link_to_the_closure_days_for_the_coordinator_only(personas, login):
    link = f'href="{page(personas)}"'
    region_url = reverse("netwerk:region", args=[personas.region.pk])
    coordinator = login(personas.coordinator)
    assert link in coordinator.get(region_url).content.decode()
    normen = reverse("netwerk:region_normen", args=[personas.region.pk])
    assert link in coordinator.get(normen).content.decode()

    casemanager = login(personas.casemanager)
    response = casemanager.get(region_url)
    assert response.status_code == 200 and link not in response.content.decode()


def test_the_page_query_count_does_not_grow_with_closure_days(
    personas, login, django_assert_num_queries
):
    client = login(personas.coordinator)
    start = NATIONAL.add_workdays(timezone.localdate(), 1)
    for i in range(8):
        Sluitingsdag.objects.create(
            region=personas.region,
            day=NATIONAL.add_workdays(start, i),
            reason=f"Dag {i}",
            created_by=personas.coordinator,
        )
    # 1 session, 2 user, 3-4 the user's OTP devices, 5 role assignments, 6 the region (visible),
    # 7 may the user manage it, 8 this year's closure days with who entered them, 9 the
    # holidays, 10-12 session save for the idle timeout (savepoint, update, release).
    with django_assert_num_queries(12):
        response = client.get(page(personas))
    assert len(response.context["coming"]) == 8
