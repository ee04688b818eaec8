from django.db import models
from django.utils.translation import gettext_lazy as _


class AccessAction(models.TextChoices):
    VIEW = "view", _("bekeken")
    LIST = "list", _("in lijst getoond")
    SEARCH = "search", _("gezocht")
    EDIT = "edit", _("gewijzigd")
    EXPORT = "export", _("geëxporteerd")
    PRINT = "print", _("afgedrukt")
    PARENT_LINK = "parent_link", _("geopend via ouderlink")


# Entries that may show several clients at once (a list page, a search): they name no single
# client in `client_ref` but list the clients shown in `client_refs`.
LIST_ACTIONS = (AccessAction.LIST, AccessAction.SEARCH)
