from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    COORDINATOR = "coordinator", _("Coördinator")
    CASEMANAGER = "casemanager", _("Casemanager")
    MDO_EXPERT = "mdo_expert", _("MDO-deelnemer")
    GEMEENTE = "gemeente", _("Gemeente")
    BEHEERDER = "beheerder", _("Functioneel beheerder")


# Roles that open children's dossiers. Giving one of them to a functioneel beheerder joins
# configuration rights and dossier access in one person, so it needs a reason (see services).
DOSSIER_ROLES = frozenset({Role.COORDINATOR, Role.CASEMANAGER, Role.MDO_EXPERT})


class LinkPurpose(models.TextChoices):
    """What a single-use account link (sent by e-mail) is for."""

    INVITATION = "uitnodiging", _("Uitnodiging nieuw account")
    TWO_FACTOR_RESET = "tweestaps_herstel", _("Tweestapsverificatie opnieuw instellen")
    PASSWORD_RESET = "wachtwoord_herstel", _("Wachtwoord vergeten")


class SecurityEventKind(models.TextChoices):
    """Security events about staff accounts (not about clients: those go to the access log)."""

    ROLE_GRANTED = "rol_toegekend", _("Rol toegekend")
    ROLE_CHANGED = "rol_gewijzigd", _("Rol gewijzigd")
    ROLE_REVOKED = "rol_ingetrokken", _("Rol ingetrokken")
    RIGHTS_CHANGED = "rechten_gewijzigd", _("Rechten gewijzigd")
    EMAIL_CHANGED = "email_gewijzigd", _("E-mailadres gewijzigd")
    INVITATION_SENT = "uitnodiging_verstuurd", _("Uitnodiging verstuurd")
    PASSWORD_RESET_REQUESTED = "wachtwoord_herstel_gevraagd", _("Wachtwoord vergeten gevraagd")
    PASSWORD_SET = "wachtwoord_ingesteld", _("Wachtwoord ingesteld via link")
    TWO_FACTOR_RESET = "tweestaps_gereset", _("Tweestapsverificatie gereset")
    TWO_FACTOR_ENROLLED = "tweestaps_ingesteld", _("Tweestapsverificatie ingesteld")
    RECOVERY_CODE_USED = "herstelcode_gebruikt", _("Herstelcode gebruikt")
    ACCOUNT_LOCKED = "account_geblokkeerd", _("Account geblokkeerd na foute wachtwoorden")
    TWO_FACTOR_LOCKED = (
        "tweestaps_geblokkeerd",
        _("Tweestapsverificatie geblokkeerd na foute codes"),
    )
