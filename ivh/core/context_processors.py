from django.http import HttpRequest

from ivh.accounts.constants import Role


def navigation(request: HttpRequest) -> dict:
    """What the main navigation offers this user (links only; every view checks again)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav": {}}
    return {
        "nav": {
            "sociale_kaart": True,
            "aanmeldpunt": user.has_role(Role.COORDINATOR),
            "mdo": user.has_role(Role.COORDINATOR, Role.CASEMANAGER, Role.MDO_EXPERT),
            "trajecten": user.has_role(Role.COORDINATOR, Role.CASEMANAGER),
            "toegangslog": user.has_role(Role.COORDINATOR, Role.BEHEERDER),
            "beheer": user.is_staff,
        }
    }
