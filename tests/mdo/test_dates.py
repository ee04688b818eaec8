"""An MDO on a weekend or Dutch public holiday is allowed with a warning; the demo MDOs fall on
working days; recording the meeting is offered from its start (issue 9, item 12)."""

from datetime import date, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from ivh.core.werkdagen import is_werkdag
from mdo import demo
from mdo.models import Mdo
from mdo.planning import date_warning
from tests.mdo.factories import MdoFactory

pytestmark = pytest.mark.django_db


def _next(month: int, day: int) -> date:
    """The next such date at least two days from now."""
    today = timezone.localdate()
    candidate = date(today.year, month, day)
    return candidate if candidate > today + timedelta(days=1) else date(today.year + 1, month, day)


def _next_saturday() -> date:
    day = timezone.localdate() + timedelta(days=2)
    return day + timedelta(days=(5 - day.weekday()) % 7)


def _at(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour))


def _form(day: date, **extra: str) -> dict:
    return {
        "datum": day.isoformat(),
        "tijd": "10:00",
        "duur_minuten": "120",
        "locatie": "Zaal 1",
        "video_link": "",
        "max_agendapunten": "4",
        **extra,
    }


def test_the_warning_names_the_holiday_or_the_weekday():
    christmas = date(2026, 12, 25)  # a Friday
    assert "Eerste kerstdag" in date_warning(_at(christmas))
    assert "zaterdag" in date_warning(_at(date(2026, 11, 28)))
    assert "Koningsdag" in date_warning(_at(date(2027, 4, 27)))
    assert date_warning(_at(date(2026, 11, 24))) is None  # an ordinary Tuesday
    # Good Friday is no general day off in the working-day calendar: no warning.
    assert date_warning(_at(date(2027, 3, 26))) is None


def test_an_mdo_on_christmas_day_is_saved_with_a_visible_warning(personas, login):
    client = login(personas.coordinator)
    christmas = _next(12, 25)
    response = client.post(reverse("mdo:nieuw"), _form(christmas), follow=True)
    mdo = personas.region.mdos.get()  # saved: the warning does not block
    assert timezone.localtime(mdo.starts_at).date() == christmas
    page = response.content.decode()
    assert "Het MDO is gepland" in page
    assert "is geen werkdag (Eerste kerstdag)" in page
    # The warning stays on the meeting page and on the form to change it.
    for name in ("mdo:detail", "mdo:bewerken"):
        page = client.get(reverse(name, args=[mdo.pk])).content.decode()
        assert "is geen werkdag (Eerste kerstdag)" in page


def test_a_weekend_date_warns_on_the_form_shown_again_with_errors(personas, login):
    client = login(personas.coordinator)
    response = client.post(reverse("mdo:nieuw"), _form(_next_saturday(), locatie=""))
    page = response.content.decode()
    assert "Vul een plaats of een link voor beeldbellen in." in page
    assert "is geen werkdag (zaterdag)" in page
    assert not Mdo.objects.exists()


def test_a_working_day_gives_no_warning(personas, login):
    day = timezone.localdate() + timedelta(days=2)
    while not is_werkdag(day):
        day += timedelta(days=1)
    response = login(personas.coordinator).post(reverse("mdo:nieuw"), _form(day), follow=True)
    assert "Het MDO is gepland" in response.content.decode()
    assert "geen werkdag" not in response.content.decode()


def test_moving_an_mdo_to_a_saturday_warns_after_saving(personas, login, mdo):
    client = login(personas.coordinator)
    response = client.post(
        reverse("mdo:bewerken", args=[mdo.pk]), _form(_next_saturday()), follow=True
    )
    assert "Het MDO is gewijzigd" in response.content.decode()
    assert "is geen werkdag (zaterdag)" in response.content.decode()


@pytest.mark.parametrize("days", range(-40, 10))
def test_demo_meetings_fall_on_working_days(days):
    assert is_werkdag(timezone.localtime(demo._at(days, 13, 30)).date())


def test_the_seeded_demo_mdos_fall_on_working_days():
    from django.core.management import call_command

    call_command("seed_demo")
    starts = [timezone.localtime(m.starts_at).date() for m in Mdo.objects.all()]
    assert starts and all(is_werkdag(day) for day in starts)


def test_recording_the_meeting_is_offered_from_its_start_and_not_before(personas, login, mdo):
    client = login(personas.coordinator)
    detail = reverse("mdo:detail", args=[mdo.pk])
    houden = reverse("mdo:houden", args=[mdo.pk])
    page = client.get(detail).content.decode()
    assert houden not in page
    assert "Vanaf het begin van het overleg" in page
    early = client.get(houden)
    assert early.status_code == 302 and early["Location"] == detail
    assert "U kunt het MDO vastleggen vanaf het begin" in client.get(detail).content.decode()

    Mdo.objects.filter(pk=mdo.pk).update(starts_at=timezone.now() - timedelta(minutes=1))
    page = client.get(detail).content.decode()
    assert houden in page and "MDO vastleggen als gehouden" in page
    assert client.get(houden).status_code == 200


def test_only_the_coordinator_is_offered_recording_the_meeting(personas, login):
    started = MdoFactory(
        region=personas.region,
        created_by=personas.coordinator,
        starts_at=timezone.now() - timedelta(minutes=5),
    )
    from mdo import services

    services.deelnemer_invite_expert(mdo=started, expert=personas.expert, by=personas.coordinator)
    client = login(personas.expert)
    houden = reverse("mdo:houden", args=[started.pk])
    assert houden not in client.get(reverse("mdo:detail", args=[started.pk])).content.decode()
    assert client.get(houden).status_code == 403
