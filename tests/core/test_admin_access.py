"""/beheer/ (the Django admin): a logged-in user without admin rights gets the friendly 403
page at once, not a redirect that the login page sends straight back (issue 9, item 14)."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_a_logged_in_user_without_admin_rights_gets_403_not_a_redirect_loop(personas, login):
    client = login(personas.coordinator)
    response = client.get("/beheer/", follow=True)
    assert response.status_code == 403
    # At most the admin's own redirect to its login address: no round trip to the login page.
    assert len(response.redirect_chain) <= 1
    content = response.content.decode()
    assert "Geen toegang" in content
    assert 'href="/"' in content or reverse("core:home") in content


def test_the_admin_login_address_refuses_a_logged_in_user_without_admin_rights(personas, login):
    response = login(personas.casemanager).get("/beheer/login/?next=/beheer/")
    assert response.status_code == 403


def test_an_anonymous_visitor_of_the_admin_is_sent_to_the_application_login(client, db):
    response = client.get("/beheer/", follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0].startswith(reverse("accounts:login"))
    assert "next=" in response.redirect_chain[-1][0]


def test_a_beheerder_with_admin_rights_opens_the_admin(personas, login):
    personas.beheerder.is_staff = True
    personas.beheerder.save()
    response = login(personas.beheerder).get("/beheer/")
    assert response.status_code == 200
