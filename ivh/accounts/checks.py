"""`manage.py check --deploy` warnings of this project: a production site without the second
factor, or one that answers to any host name, must not go unnoticed."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Tags, Warning, register

W001 = Warning(
    "IVH_REQUIRE_2FA is off: staff log in with a password only and read children's dossiers.",
    hint="Remove IVH_REQUIRE_2FA=0 from the production environment.",
    id="ivh.W001",
)
W002 = Warning(
    "ALLOWED_HOSTS contains '*': the site answers to any host name, and links in e-mails "
    "could be built for a host an attacker chooses.",
    hint="List the site's own host names in ALLOWED_HOSTS.",
    id="ivh.W002",
)


@register(Tags.security, deploy=True)
def check_two_factor_required(app_configs: object = None, **kwargs: Any) -> list[CheckMessage]:
    return [] if getattr(settings, "IVH_REQUIRE_2FA", False) else [W001]


@register(Tags.security, deploy=True)
def check_allowed_hosts_not_wildcard(
    app_configs: object = None, **kwargs: Any
) -> list[CheckMessage]:
    return [W002] if "*" in settings.ALLOWED_HOSTS else []
