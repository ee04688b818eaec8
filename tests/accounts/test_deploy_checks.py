"""`check --deploy` warns when production runs without 2FA or answers to any host name."""

from django.core.checks import registry
from django.test import override_settings

from ivh.accounts.checks import check_allowed_hosts_not_wildcard, check_two_factor_required


@override_settings(IVH_REQUIRE_2FA=False)
def test_deploy_check_warns_when_2fa_is_off():
    assert [m.id for m in check_two_factor_required()] == ["ivh.W001"]


@override_settings(IVH_REQUIRE_2FA=True)
def test_deploy_check_is_quiet_when_2fa_is_on():
    assert check_two_factor_required() == []


@override_settings(ALLOWED_HOSTS=["ivh.example.nl", "*"])
def test_deploy_check_warns_on_a_wildcard_host():
    assert [m.id for m in check_allowed_hosts_not_wildcard()] == ["ivh.W002"]


@override_settings(ALLOWED_HOSTS=["ivh.example.nl"])
def test_deploy_check_is_quiet_with_named_hosts():
    assert check_allowed_hosts_not_wildcard() == []


def test_the_checks_run_with_deploy_only():
    deploy = registry.registry.get_checks(include_deployment_checks=True)
    normal = registry.registry.get_checks(include_deployment_checks=False)
    for check in (check_two_factor_required, check_allowed_hosts_not_wildcard):
        assert check in deploy
        assert check not in normal


@override_settings(IVH_REQUIRE_2FA=False, ALLOWED_HOSTS=["*"])
def test_run_checks_reports_both_under_deploy():
    ids = {m.id for m in registry.run_checks(include_deployment_checks=True)}
    assert {"ivh.W001", "ivh.W002"} <= ids
