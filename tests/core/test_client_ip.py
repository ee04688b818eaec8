"""The client's address behind the reverse proxy: one definition (ivh.core.clientip) for the rate
limits, the login lockout's records and the access log; a forged X-Forwarded-For is ignored."""

import secrets

import pytest
from axes.models import AccessAttempt
from django.test import RequestFactory
from django.urls import reverse

from casemanagement import services as casemanagement_services
from ivh.audit.models import AccessLogEntry
from ivh.audit.services import client_ip as audit_client_ip
from ivh.core.clientip import client_ip
from tests.casemanagement.factories import TrajectFactory

LOGIN = reverse("accounts:login")
PROXY = "172.18.0.5"


def _request(remote_addr: str = PROXY, forwarded: str | None = None):
    extra = {"REMOTE_ADDR": remote_addr}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def _address() -> str:
    # A fresh address per run: rate-limit counters live in Redis for the length of the window.
    return "10.{}.{}.{}".format(*secrets.token_bytes(3))


def test_without_a_proxy_the_socket_address_is_the_client(settings):
    settings.IVH_TRUSTED_PROXY_HOPS = 0
    assert client_ip(_request("203.0.113.7")) == "203.0.113.7"


def test_without_a_proxy_a_forged_forwarded_header_is_ignored(settings):
    settings.IVH_TRUSTED_PROXY_HOPS = 0
    assert client_ip(_request("203.0.113.7", "198.51.100.1")) == "203.0.113.7"


def test_behind_one_proxy_the_right_most_forwarded_address_is_the_client(settings):
    settings.IVH_TRUSTED_PROXY_HOPS = 1
    # The client wrote "1.1.1.1, 2.2.2.2" itself; the proxy appended the address it saw.
    assert client_ip(_request(PROXY, "1.1.1.1, 2.2.2.2, 198.51.100.23")) == "198.51.100.23"
    assert client_ip(_request(PROXY, "198.51.100.23")) == "198.51.100.23"


def test_behind_two_proxies_the_second_address_from_the_right_is_the_client(settings):
    settings.IVH_TRUSTED_PROXY_HOPS = 2
    forwarded = "1.1.1.1, 198.51.100.23, 10.0.0.9"  # forged, client, outer proxy
    assert client_ip(_request(PROXY, forwarded)) == "198.51.100.23"


def test_behind_a_proxy_a_request_without_the_header_falls_back_to_the_socket(settings):
    settings.IVH_TRUSTED_PROXY_HOPS = 1
    assert client_ip(_request("127.0.0.1")) == "127.0.0.1"


def test_ports_and_brackets_are_taken_off_and_rubbish_is_not_trusted(settings):
    settings.IVH_TRUSTED_PROXY_HOPS = 1
    assert client_ip(_request(PROXY, "198.51.100.23:51234")) == "198.51.100.23"
    assert client_ip(_request(PROXY, "[2001:db8::1]:443")) == "2001:db8::1"
    assert client_ip(_request(PROXY, "2001:db8::1")) == "2001:db8::1"
    assert client_ip(_request(PROXY, "unknown")) == PROXY
    assert client_ip(_request("")) is None


def test_the_access_log_uses_the_same_definition(settings):
    settings.IVH_TRUSTED_PROXY_HOPS = 1
    assert audit_client_ip(_request(PROXY, "9.9.9.9, 198.51.100.23")) == "198.51.100.23"


@pytest.mark.django_db
def test_parents_behind_the_proxy_each_get_their_own_limit(client, personas, settings):
    settings.IVH_TRUSTED_PROXY_HOPS = 1
    settings.IVH_LOGIN_RATE_PER_IP = "1/h"
    proxy = _address()

    def post(forwarded: str) -> int:
        return client.post(
            LOGIN,
            {"username": "x@example.org", "password": "x"},
            REMOTE_ADDR=proxy,
            HTTP_X_FORWARDED_FOR=forwarded,
        ).status_code

    first, second = _address(), _address()
    assert post(first) == 200
    assert post(second) == 200  # another person behind the same proxy
    assert post(first) == 429  # the same person again


@pytest.mark.django_db
def test_without_a_proxy_a_forged_header_does_not_buy_new_attempts(client, personas, settings):
    settings.IVH_TRUSTED_PROXY_HOPS = 0
    settings.IVH_LOGIN_RATE_PER_IP = "1/h"
    address = _address()
    statuses = [
        client.post(
            LOGIN,
            {"username": "x@example.org", "password": "x"},
            REMOTE_ADDR=address,
            HTTP_X_FORWARDED_FOR=_address(),
        ).status_code
        for _ in range(2)
    ]
    assert statuses == [200, 429]


@pytest.mark.django_db
def test_the_lockout_records_the_clients_address(client, personas, settings):
    settings.IVH_TRUSTED_PROXY_HOPS = 1
    client.post(
        LOGIN,
        {"username": personas.casemanager.email, "password": "verkeerd"},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.23",
    )
    attempt = AccessAttempt.objects.get()
    assert attempt.ip_address == "198.51.100.23"


@pytest.mark.django_db
def test_the_access_log_records_the_clients_address(client, personas, settings):
    settings.IVH_TRUSTED_PROXY_HOPS = 1
    traject = TrajectFactory(region=personas.region, casemanager=personas.casemanager)
    _link, token = casemanagement_services.ouderlink_create(
        gezin=traject.gezin, by=personas.casemanager, email=traject.gezin.ouder_email
    )
    response = client.get(
        reverse("casemanagement:ouder", args=[token]),
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.23",
    )
    assert response.status_code == 200
    assert set(AccessLogEntry.objects.values_list("ip_address", flat=True)) == {"198.51.100.23"}


def test_an_ipv4_client_on_a_dual_stack_listener_counts_as_itself(rf):
    from ivh.core.ratelimit import address_key

    one = rf.get("/", REMOTE_ADDR="::ffff:192.0.2.1")
    other = rf.get("/", REMOTE_ADDR="::ffff:192.0.2.2")
    assert address_key("g", one) == "192.0.2.1"
    assert address_key("g", one) != address_key("g", other)
