from django.db import models
from django.utils.translation import gettext_lazy as _


class AccessAction(models.TextChoices):
    VIEW = "view", _("bekeken")
    LIST = "list", _("in lijst getoond")
    EDIT = "edit", _("gewijzigd")
    EXPORT = "export", _("geëxporteerd")
    PRINT = "print", _("afgedrukt")
    PARENT_LINK = "parent_link", _("geopend via ouderlink")
