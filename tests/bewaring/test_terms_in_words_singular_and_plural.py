"""The retention terms as the certificate prints them say "1 maand" / "1 year" for one and the
plural for more, in Dutch and in English."""

import pytest
from django.utils import translation

from bewaring.rules import Termen

pytestmark = pytest.mark.django_db


def _terms(personas, n: int) -> Termen:  # noqa: ANN001
    return Termen(
        aanmelding_maanden=n,
        aanmelding_per_uitkomst={"doorgestuurd": n},
        dossier_jaren=n,
        dossier_per_regio={personas.region.pk: n},
        toegangslog_jaren=n,
    )


def test_one_and_more_in_dutch(personas):
    with translation.override("nl"):
        one, two = _terms(personas, 1).in_words(), _terms(personas, 2).in_words()
    assert one["aanmelding"] == "1 maand na afsluiten"
    assert two["aanmelding"] == "2 maanden na afsluiten"
    assert list(one["aanmelding_per_uitkomst"].values()) == ["1 maand"]
    assert one["dossier_per_regio"] == {personas.region.name: "1 jaar"}
    assert two["dossier_per_regio"] == {personas.region.name: "2 jaar"}


def test_one_and_more_in_english(personas):
    with translation.override("en"):
        one, two = _terms(personas, 1).in_words(), _terms(personas, 2).in_words()
    assert one["aanmelding"] == "1 month after closure"
    assert two["aanmelding"] == "2 months after closure"
    assert list(two["aanmelding_per_uitkomst"].values()) == ["2 months"]
    assert one["dossier_per_regio"] == {personas.region.name: "1 year"}
    assert two["dossier_per_regio"] == {personas.region.name: "2 years"}
    assert one["gezin"].startswith("1 year after the closure")
    assert two["toegangslog"].startswith("2 years after the entry")
