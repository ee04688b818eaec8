from django.db import models
from django.utils.translation import gettext_lazy as _


class AccessAction(models.TextChoices):
    VIEW = "view", _("bekeken")
    LIST = "list", _("in lijst getoond")
    SEARCH = "search", _("gezocht")
    EDIT = "edit", _("gewijzigd")
    EXPORT = "export", _("geëxporteerd")
    # An export of a list (the access log's own search result as CSV): several clients at once.
    EXPORT_LIST = "export_list", _("lijst geëxporteerd")
    PRINT = "print", _("afgedrukt")
    PARENT_LINK = "parent_link", _("geopend via ouderlink")
    # The retention job or an erasure request replaced the client's personal data (bewaring).
    ANONYMISE = "anonymise", _("geanonimiseerd")


# Entries that may show several clients at once (a list page, a search, a list's export): they
# name no single client in `client_ref` but list the clients shown in `client_refs`.
LIST_ACTIONS = (AccessAction.LIST, AccessAction.SEARCH, AccessAction.EXPORT_LIST)

# The permission of the privacy officer (functionaris gegevensbescherming): reads the whole
# access log and nothing of the dossiers (ivh.audit.permissions).
PRIVACY_OFFICER_PERMISSION = "audit.read_whole_log"
PRIVACY_OFFICER_GROUP = "Functionaris gegevensbescherming"
# How the log names the privacy officer's role (the `role` snapshot of their entries).
PRIVACY_OFFICER_ROLE = _("Functionaris gegevensbescherming")

# The longest reason a user types for opening a dossier.
REASON_MAX_LENGTH = 300
