from django.http import HttpRequest

from aanmelding.permissions import may_use_aanmeldpunt
from bewaring.permissions import may_use_bewaring
from casemanagement.permissions import may_use_trajecten
from ivh.accounts.middleware import request_second_factor_passed
from ivh.audit.permissions import may_search_access_log
from kwaliteit.permissions import may_use_kwaliteit
from mdo.permissions import may_use_mdo
from monitor.permissions import may_use_monitor
from netwerkwerk.permissions import may_see_stuurgroep, may_use_netwerkwerk
from signalen.permissions import may_use_signalen


def navigation(request: HttpRequest) -> dict:
    """What the main navigation offers this user: the same page gates the views check.

    Nothing until the second factor is passed (the code page, the set-up page): whoever has
    only the password must not learn the account's name or role from the menu, and every link
    would only lead back to the code page. The same test as the middleware that sends them
    there, so the menu appears exactly when the pages open."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not request_second_factor_passed(request):
        return {"nav": {}}
    return {
        "nav": {
            # base.html shows the staff menu (and the user's name) only with this flag.
            "staff": True,
            "sociale_kaart": True,
            "aanmeldpunt": may_use_aanmeldpunt(user),
            "mdo": may_use_mdo(user),
            "signalen": may_use_signalen(user),
            "monitor": may_use_monitor(user),
            "netwerkwerk": may_use_netwerkwerk(user),
            "stuurgroep": may_see_stuurgroep(user),
            "kwaliteit": may_use_kwaliteit(user),
            "bewaring": may_use_bewaring(user),
            "trajecten": may_use_trajecten(user),
            "toegangslog": may_search_access_log(user),
            "beheer": user.is_staff,
        }
    }
