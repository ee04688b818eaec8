"""Who may open which URL: the expectations of the URL × role matrix (test_url_matrix.py).

Every URL of the project, by its name ("casemanagement:traject"; the route itself when it has
no name), has a policy here. A policy says what each role gets on a GET, as an outcome: a
status code, or where a redirect goes (LOGIN, TWO_FACTOR, ADMIN_LOGIN, elsewhere REDIRECT).
The matrix walks the URL resolver, so a new view appears there at once; without a line here
the build fails until someone decides who may open it.

How to add a URL: pick the policy that describes it (or add one, named for who may open it)
and add `"<namespace>:<name>": POLICY` to URLS below. The role names are those of
tests/security/world.py; the access rules themselves are described in docs/permissions.md.

The roles: anonymous; a parent (no account: their personal link, and the MDO answer link of
their invitation); the coordinator, casemanager, MDO expert and gemeente official of the
region where the objects live (the casemanager's own traject, an MDO the expert is invited to);
the beheerder (staff flag set, as the admin needs); a user with every role and the superuser
flag whose second factor is not yet verified; a coordinator of another region.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .world import (
    ANONYMOUS,
    BEHEERDER,
    CASEMANAGER,
    COORDINATOR,
    EXPERT,
    GEMEENTE,
    LOGGED_IN,
    OUTSIDER,
    PARENT,
    ROLES,
    UNVERIFIED,
)

OK = "200"
FORBIDDEN = "403"
NOT_FOUND = "404"
NOT_ALLOWED = "405"  # a POST-only action opened with GET
GONE = "410"
LOGIN = "login"  # redirect to the application's login page
TWO_FACTOR = "2fa"  # redirect to setting up or entering the second factor
ADMIN_LOGIN = "admin-login"  # the admin's redirect to /beheer/login/, which refuses (403)
REDIRECT = "redirect"  # any other redirect

Outcome = str | Iterable[str]
# The logged-in roles that have passed the second factor.
VERIFIED = tuple(role for role in LOGGED_IN if role != UNVERIFIED)


@dataclass(frozen=True)
class Policy:
    name: str
    outcomes: Mapping[str, frozenset[str]]

    def expected(self, role: str) -> frozenset[str]:
        return self.outcomes[role]


def _policy(name: str, default: Outcome, **per_role: Outcome) -> Policy:
    unknown = set(per_role) - set(ROLES)
    assert not unknown, f"Unknown roles in policy {name!r}: {unknown}"

    def as_set(value: Outcome) -> frozenset[str]:
        return frozenset([value] if isinstance(value, str) else value)

    return Policy(name, {role: as_set(per_role.get(role, default)) for role in ROLES})


def _everyone(name: str, outcome: Outcome, **per_role: Outcome) -> Policy:
    return _policy(name, outcome, **per_role)


def _staff(name: str, **grants: Outcome) -> Policy:
    """A page behind the login: no session, the login page; password without the second
    factor, the 2FA page; a logged-in role 403 unless `grants` says otherwise."""
    return _policy(
        name, FORBIDDEN, **{ANONYMOUS: LOGIN, PARENT: LOGIN, UNVERIFIED: TWO_FACTOR, **grants}
    )


# --- public ------------------------------------------------------------------------------------
PUBLIC = _everyone("public", OK)
# Without a registration in the receipt cookie (received page) or a `next` (language): a redirect.
PUBLIC_REDIRECT = _everyone("public, redirects without context", REDIRECT)
FOR_VISITORS = _everyone("public; a logged-in user is sent on", REDIRECT, anonymous=OK, parent=OK)
# The parents' personal link: only the family's own token opens it; any other token is 404.
PARENT_LINK = _everyone("parent link (token)", NOT_FOUND, parent=OK)
# The parents' actions are POST only: GET is refused before the token is even looked at.
PARENT_ACTION = _everyone("parent link action (POST only)", NOT_ALLOWED)
# The invitation's answer link: the invited parents and the invited expert.
MDO_ANSWER_LINK = _everyone("MDO answer link (token)", NOT_FOUND, parent=OK, expert=OK)
# Staff invitation / password links: a forged or used token is "gone".
ACCOUNT_LINK = _everyone("account link (token)", GONE)
# Readiness and detail for monitoring (or a beheerder); 404 for everyone else. The unverified
# user holds the beheerder role: password alone must not be enough (see KNOWN_GAPS).
HEALTH_DETAIL = _everyone("health detail (monitoring token or beheerder)", NOT_FOUND, beheerder=OK)

# --- logging in and the session ------------------------------------------------------------
# Reachable with the password alone: the second factor is entered here.
TWO_FACTOR_SETUP = _staff("2FA setup", **dict.fromkeys(LOGGED_IN, REDIRECT))
TWO_FACTOR_VERIFY = _staff("2FA entry", **{**dict.fromkeys(LOGGED_IN, REDIRECT), UNVERIFIED: OK})
# The session-expiry warning asks how long the session has left, before and after 2FA.
SESSION_STATUS = _staff("session status", **dict.fromkeys(LOGGED_IN, OK))
# Logging out and extending the session (POST only), also before 2FA.
SESSION_ACTION = _staff("session action (POST only)", **dict.fromkeys(LOGGED_IN, NOT_ALLOWED))

# --- staff pages -------------------------------------------------------------------------------
ANY_STAFF = _staff("any staff member", **dict.fromkeys(VERIFIED, OK))
# One POST view per action: GET is refused with 405 for everyone who is logged in; who may
# POST is each action's own test (tests/<app>/test_permissions.py).
STAFF_ACTION = _staff("staff action (POST only)", **dict.fromkeys(VERIFIED, NOT_ALLOWED))
# Page gate "coordinators" (docs/permissions.md); the rows are those of their own regions.
COORDINATORS = _staff("coordinators", coordinator=OK, outsider=OK)
# One object of a region's coordinators: another region's coordinator may not know it exists.
COORDINATOR_OWN_REGION = _staff(
    "coordinators of the object's region", coordinator=OK, outsider=NOT_FOUND
)
COORDINATORS_AND_GEMEENTE = _staff(
    "coordinators and gemeente officials", coordinator=OK, gemeente=OK, outsider=OK
)
# The quickscan of one gemeente: its official and the coordinators of its region.
QUICKSCAN_OF_GEMEENTE = _staff(
    "quickscan of a gemeente (its official, its region's coordinators)",
    coordinator=OK,
    gemeente=OK,
)
COORDINATORS_AND_BEHEERDER = _staff(
    "coordinators and the beheerder", coordinator=OK, beheerder=OK, outsider=OK
)
# Configuration of one region or organisation: its coordinators and the beheerder.
REGION_CONFIGURATION = _staff(
    "configuration of a region (its coordinators, the beheerder)",
    coordinator=OK,
    beheerder=OK,
    outsider=NOT_FOUND,
)
# The sociale kaart's pages of one region or organisation: every staff member working there.
NETWORK_PAGE_OF_REGION = _staff(
    "sociale kaart page of a region",
    coordinator=OK,
    casemanager=OK,
    expert=OK,
    gemeente=OK,
    beheerder=OK,
    outsider=NOT_FOUND,
)
# TRAJECT_VIEW: the casemanager and the region's coordinators; nobody else learns it exists.
TRAJECT_VIEW = _staff(
    "traject: casemanager and region coordinators",
    coordinator=OK,
    casemanager=OK,
    **dict.fromkeys([EXPERT, GEMEENTE, BEHEERDER, OUTSIDER], NOT_FOUND),
)
# TRAJECT_WORK: the casemanager writes; the coordinator sees the traject but may not.
TRAJECT_WORK = _staff(
    "traject work: casemanager only",
    coordinator=FORBIDDEN,
    casemanager=OK,
    **dict.fromkeys([EXPERT, GEMEENTE, BEHEERDER, OUTSIDER], NOT_FOUND),
)
# TRAJECT_MANAGE: the coordinators (the AVG inzage export of a family).
TRAJECT_MANAGE = _staff(
    "traject management: region coordinators",
    coordinator=OK,
    casemanager=FORBIDDEN,
    **dict.fromkeys([EXPERT, GEMEENTE, BEHEERDER, OUTSIDER], NOT_FOUND),
)
# Page gate "trajecten": casemanagers and coordinators (and the signals of their work).
CASEMANAGERS_AND_COORDINATORS = _staff(
    "casemanagers and coordinators", coordinator=OK, casemanager=OK, outsider=OK
)
# Tasks from signals: every role that is given any (not the MDO expert or the gemeente).
SIGNAL_TASKS = _staff("signal tasks", coordinator=OK, casemanager=OK, beheerder=OK, outsider=OK)
# Page gate "MDO": coordinators, casemanagers, MDO experts.
MDO_OVERVIEW = _staff("MDO overview", coordinator=OK, casemanager=OK, expert=OK, outsider=OK)
# MDO_VIEW / AGENDAPUNT_READ: the region's coordinators, the casemanager of a family on the
# agenda, the invited expert while the summaries are open.
MDO_VIEW = _staff(
    "MDO: coordinators, casemanager of a family on it, invited expert",
    coordinator=OK,
    casemanager=OK,
    expert=OK,
    **dict.fromkeys([GEMEENTE, BEHEERDER, OUTSIDER], NOT_FOUND),
)
# MDO_MANAGE: the region's coordinators; the others who may see the meeting get 403.
MDO_MANAGE = _staff(
    "MDO management: region coordinators",
    coordinator=OK,
    casemanager=FORBIDDEN,
    expert=FORBIDDEN,
    **dict.fromkeys([GEMEENTE, BEHEERDER, OUTSIDER], NOT_FOUND),
)
# Recording the meeting is offered from its start; before that GET sends the coordinator back.
MDO_RECORD = _staff(
    "MDO record (coordinators, from the start of the meeting)",
    coordinator=REDIRECT,
    casemanager=FORBIDDEN,
    expert=FORBIDDEN,
    **dict.fromkeys([GEMEENTE, BEHEERDER, OUTSIDER], NOT_FOUND),
)

# The stuurgroep's meetings, decisions and documents: the region's coordinators and the
# gemeente officials of the region read them; nobody else learns they exist.
STUURGROEP_READ = _staff(
    "stuurgroep record of a region (its coordinators and gemeente officials)",
    coordinator=OK,
    gemeente=OK,
    **dict.fromkeys([CASEMANAGER, EXPERT, BEHEERDER, OUTSIDER], NOT_FOUND),
)
# Changing them: the coordinators; the gemeente official may see it but not change it.
STUURGROEP_EDIT = _staff(
    "stuurgroep record, editing (the region's coordinators)",
    coordinator=OK,
    gemeente=FORBIDDEN,
    **dict.fromkeys([CASEMANAGER, EXPERT, BEHEERDER, OUTSIDER], NOT_FOUND),
)
# A quality review still in concept: the region's coordinators; a gemeente official sees the
# adopted reviews only, so a concept does not exist for them.
QUALITY_REVIEW = _staff(
    "quality review in concept (the region's coordinators)",
    coordinator=OK,
    gemeente=NOT_FOUND,
    outsider=NOT_FOUND,
)

# --- the admin (/beheer/) ----------------------------------------------------------------------
# Anyone without the staff flag is sent to /beheer/login/, which refuses a logged-in user with
# 403 and sends a visitor to the application's login (tests/core/test_admin_access.py).
_NOT_ADMIN = {
    ANONYMOUS: [LOGIN, ADMIN_LOGIN],
    PARENT: [LOGIN, ADMIN_LOGIN],
    UNVERIFIED: TWO_FACTOR,
    **dict.fromkeys([COORDINATOR, CASEMANAGER, EXPERT, GEMEENTE, OUTSIDER], ADMIN_LOGIN),
}


def _admin(name: str, beheerder: Outcome) -> Policy:
    return _policy(name, FORBIDDEN, **_NOT_ADMIN, beheerder=beheerder)


ADMIN_PAGE = _admin("admin page", OK)
ADMIN_REFUSED = _admin("admin page the beheerder may not use", FORBIDDEN)
ADMIN_NOT_FOUND = _admin("admin address without a page", NOT_FOUND)
ADMIN_OBJECT_REDIRECT = _admin("admin object address (redirects to its change page)", REDIRECT)
ADMIN_LOGIN_PAGE = _policy(
    "admin login (the application's login, with 2FA)",
    FORBIDDEN,
    anonymous=LOGIN,
    parent=LOGIN,
    beheerder=REDIRECT,
    unverified=REDIRECT,  # to the admin, which asks for the second factor
)
ADMIN_LOGOUT = _policy(
    "admin logout (POST only)",
    REDIRECT,
    anonymous=ADMIN_LOGIN,
    parent=ADMIN_LOGIN,
    beheerder=NOT_ALLOWED,
    unverified=TWO_FACTOR,
)

# What the beheerder may do per model in the admin (ivh.accounts.backends.BEHEER_MODELS and
# each ModelAdmin's own limits). A newly registered model fails the matrix until it is here.
VIEW, ADD, CHANGE, DELETE = "view", "add", "change", "delete"
ALL = (VIEW, ADD, CHANGE, DELETE)
ADMIN_MODELS: dict[str, tuple[str, ...]] = {
    # Failed logins: delete one to lift a lockout; nothing to add or edit by hand.
    "axes_accessattempt": (VIEW, DELETE),
    "axes_accesslog": (VIEW, DELETE),
    "django_celery_beat_crontabschedule": ALL,
    "django_celery_beat_intervalschedule": ALL,
    "django_celery_beat_periodictask": ALL,
    # Outcomes of the periodic jobs: written by the workers, read and cleared by the beheerder.
    "django_celery_results_taskresult": (VIEW, DELETE),
    "accounts_user": ALL,
    # Append-only records: read only.
    "accounts_securityevent": (VIEW,),
    "audit_accesslogentry": (VIEW,),
    "outbox_outboxmessage": (VIEW,),
    "netwerk_region": ALL,
    "netwerk_gemeente": ALL,
    "netwerk_organisatie": ALL,
    "werkkalender_sluitingsdag": ALL,
    # Norms are set on the region's page, deadlines by the application.
    "termijnen_norm": (VIEW,),
    "termijnen_termijn": (VIEW,),
    # Dossier-like content (consults, network activities): not for the beheerder.
    "netwerkwerk_consult": (),
    "netwerkwerk_netwerkactiviteit": (),
}


def _admin_model_urls() -> dict[str, Policy]:
    urls: dict[str, Policy] = {}
    for model, rights in ADMIN_MODELS.items():
        app_label, _sep, model_name = _split_admin_model(model)
        may = set(rights)
        page = {True: ADMIN_PAGE, False: ADMIN_REFUSED}
        urls[f"admin:{model}_changelist"] = page[VIEW in may or CHANGE in may]
        urls[f"admin:{model}_add"] = page[ADD in may]
        urls[f"admin:{model}_history"] = page[VIEW in may or CHANGE in may]
        urls[f"admin:{model}_change"] = page[VIEW in may or CHANGE in may]
        urls[f"admin:{model}_delete"] = page[DELETE in may]
        urls[f"beheer/{app_label}/{model_name}/<path:object_id>/"] = ADMIN_OBJECT_REDIRECT
    return urls


def _split_admin_model(model: str) -> tuple[str, str, str]:
    """ "django_celery_beat_periodictask" -> ("django_celery_beat", "_", "periodictask")."""
    return model.rpartition("_")


URLS: dict[str, Policy] = {
    "health": PUBLIC,
    "health_detail": HEALTH_DETAIL,
    "set_language": PUBLIC_REDIRECT,
    # --- accounts
    "accounts:login": FOR_VISITORS,
    "accounts:logout": SESSION_ACTION,
    "accounts:account": ANY_STAFF,
    "accounts:2fa_setup": TWO_FACTOR_SETUP,
    "accounts:2fa_verify": TWO_FACTOR_VERIFY,
    "accounts:recovery_codes_renew": STAFF_ACTION,
    "accounts:session_status": SESSION_STATUS,
    "accounts:session_extend": SESSION_ACTION,
    "accounts:link": ACCOUNT_LINK,
    "accounts:password_reset": PUBLIC,
    "accounts:password_reset_sent": PUBLIC,
    "outbox:voorkeuren": ANY_STAFF,
    # --- netwerk (sociale kaart, regions)
    "netwerk:sociale_kaart": ANY_STAFF,
    "netwerk:organisatie_create": COORDINATORS_AND_BEHEERDER,
    "netwerk:organisatie": NETWORK_PAGE_OF_REGION,
    "netwerk:organisatie_edit": REGION_CONFIGURATION,
    "netwerk:region": NETWORK_PAGE_OF_REGION,
    "netwerk:region_edit": REGION_CONFIGURATION,
    "netwerk:region_normen": REGION_CONFIGURATION,
    "netwerk:region_sluitingsdagen": REGION_CONFIGURATION,
    "netwerk:region_sluitingsdag_remove": STAFF_ACTION,
    "audit:access_log": COORDINATORS_AND_BEHEERDER,
    "audit:access_reason": STAFF_ACTION,
    # --- aanmelding: the public form and the aanmeldpunt
    "aanmelding:aanmelden": PUBLIC,
    "aanmelding:aanmelden_professional": PUBLIC,
    "aanmelding:ontvangen": PUBLIC_REDIRECT,
    "aanmelding:postcode": PUBLIC,
    "aanmelding:privacy": PUBLIC,
    "aanmelding:inbox": COORDINATORS,
    "aanmelding:intake_notities": STAFF_ACTION,
    "aanmelding:intake_dubbel": STAFF_ACTION,
    # --- casemanagement: intake, trajecten, the parents' link
    "casemanagement:intake": COORDINATOR_OWN_REGION,
    "casemanagement:intake_eerste_contact": STAFF_ACTION,
    "casemanagement:intake_advies": STAFF_ACTION,
    "casemanagement:intake_verwijzen": STAFF_ACTION,
    "casemanagement:intake_doorsturen": STAFF_ACTION,
    "casemanagement:intake_buiten_doelgroep": STAFF_ACTION,
    "casemanagement:intake_traject": STAFF_ACTION,
    "casemanagement:caseload": CASEMANAGERS_AND_COORDINATORS,
    "casemanagement:vervanging": COORDINATORS,
    "casemanagement:vervanging_beeindigen": STAFF_ACTION,
    "casemanagement:traject": TRAJECT_VIEW,
    "casemanagement:traject_contact": STAFF_ACTION,
    "casemanagement:traject_fase": STAFF_ACTION,
    "casemanagement:traject_verwijzing": STAFF_ACTION,
    "casemanagement:traject_verwijzing_data": STAFF_ACTION,
    "casemanagement:traject_afsluiten": STAFF_ACTION,
    "casemanagement:termijn_pauze": STAFF_ACTION,
    "casemanagement:termijn_hervat": STAFF_ACTION,
    "casemanagement:traject_akkoord": STAFF_ACTION,
    "casemanagement:traject_ouderlink": STAFF_ACTION,
    "casemanagement:traject_ouderlink_intrekken": STAFF_ACTION,
    "casemanagement:traject_vraag_afgehandeld": STAFF_ACTION,
    "casemanagement:traject_herverdelen": STAFF_ACTION,
    "casemanagement:contact_edit": TRAJECT_WORK,
    "casemanagement:plan_edit": TRAJECT_WORK,
    "casemanagement:plan_compare": TRAJECT_VIEW,
    "casemanagement:plan_pdf": TRAJECT_VIEW,
    "casemanagement:inzage": TRAJECT_MANAGE,
    "casemanagement:ouder": PARENT_LINK,
    "casemanagement:ouder_akkoord": PARENT_ACTION,
    "casemanagement:ouder_vraag": PARENT_ACTION,
    "casemanagement:ouder_tevredenheid": PARENT_ACTION,
    "casemanagement:ouder_toestemming_intrekken": PARENT_ACTION,
    # --- mdo
    "mdo:overzicht": MDO_OVERVIEW,
    "mdo:nieuw": COORDINATORS,
    "mdo:detail": MDO_VIEW,
    "mdo:agendapunt_add": STAFF_ACTION,
    "mdo:agendapunt_remove": STAFF_ACTION,
    "mdo:expert_invite": STAFF_ACTION,
    "mdo:ouders_invite": STAFF_ACTION,
    "mdo:deelnemer_withdraw": STAFF_ACTION,
    "mdo:annuleren": STAFF_ACTION,
    "mdo:mijn_antwoord": STAFF_ACTION,
    "mdo:bewerken": MDO_MANAGE,
    "mdo:houden": MDO_RECORD,
    "mdo:punt": MDO_VIEW,
    "mdo:advies": STAFF_ACTION,
    "mdo:adviesactie_accept": STAFF_ACTION,
    "mdo:adviesactie_decline": STAFF_ACTION,
    "mdo:antwoord": MDO_ANSWER_LINK,
    # --- netwerkwerk: consults, network activities
    "netwerkwerk:consulten": COORDINATORS,
    "netwerkwerk:consult_aanmelding": COORDINATOR_OWN_REGION,
    "netwerkwerk:activiteiten": COORDINATORS,
    "netwerkwerk:activiteit_nieuw": COORDINATORS,
    "netwerkwerk:activiteit_bewerken": COORDINATOR_OWN_REGION,
    # --- netwerkwerk: the stuurgroep
    "netwerkwerk:stuurgroep": COORDINATORS_AND_GEMEENTE,
    "netwerkwerk:lid_nieuw": COORDINATORS,
    "netwerkwerk:lid_wijzigen": STUURGROEP_EDIT,
    "netwerkwerk:lid_beeindigen": STAFF_ACTION,
    "netwerkwerk:vergadering_nieuw": COORDINATORS,
    "netwerkwerk:vergadering": STUURGROEP_READ,
    "netwerkwerk:vergadering_wijzigen": STUURGROEP_EDIT,
    "netwerkwerk:besluit_nieuw": STAFF_ACTION,
    "netwerkwerk:besluiten": COORDINATORS_AND_GEMEENTE,
    "netwerkwerk:besluit_status": STAFF_ACTION,
    "netwerkwerk:document_nieuw": COORDINATORS,
    "netwerkwerk:document": STUURGROEP_READ,
    "netwerkwerk:document_versie": STAFF_ACTION,
    "netwerkwerk:versie_download": STUURGROEP_READ,
    # --- kwaliteit
    "kwaliteit:overzicht": COORDINATORS_AND_GEMEENTE,
    "kwaliteit:review": QUALITY_REVIEW,
    # --- bewaring: retention calendar, batches, erasure requests
    "bewaring:kalender": COORDINATORS,
    "bewaring:batches": COORDINATORS,
    "bewaring:certificaat": COORDINATOR_OWN_REGION,
    "bewaring:verzoeken": COORDINATORS,
    "bewaring:verzoek": COORDINATOR_OWN_REGION,
    "bewaring:verzoek_uitvoeren": STAFF_ACTION,
    "bewaring:verzoek_afwijzen": STAFF_ACTION,
    # --- signalen
    "signalen:overzicht": CASEMANAGERS_AND_COORDINATORS,
    "signalen:gezien": STAFF_ACTION,
    "signalen:taken": SIGNAL_TASKS,
    # --- monitor
    "monitor:overzicht": COORDINATORS_AND_GEMEENTE,
    "monitor:csv": COORDINATORS_AND_GEMEENTE,
    "monitor:xlsx": COORDINATORS_AND_GEMEENTE,
    "monitor:pdf": COORDINATORS_AND_GEMEENTE,
    "monitor:publiceren": STAFF_ACTION,
    "monitor:quickscan": COORDINATORS_AND_GEMEENTE,
    "monitor:quickscan_form": QUICKSCAN_OF_GEMEENTE,
    # --- start pages
    "core:home": FOR_VISITORS,
    "core:start": ANY_STAFF,
    # --- the admin
    "beheer/login/": ADMIN_LOGIN_PAGE,
    "admin:login": ADMIN_LOGIN_PAGE,
    "admin:logout": ADMIN_LOGOUT,
    "admin:index": ADMIN_PAGE,
    "admin:password_change": ADMIN_PAGE,
    "admin:password_change_done": ADMIN_PAGE,
    "admin:jsi18n": ADMIN_PAGE,
    "admin:app_list": ADMIN_PAGE,
    # Only with a search field and model given; the plain address is refused.
    "admin:autocomplete": ADMIN_REFUSED,
    "admin:view_on_site": ADMIN_NOT_FOUND,
    # Passwords are set by the user through a link, never typed in by a beheerder.
    "admin:auth_user_password_change": ADMIN_REFUSED,
    "beheer/(?P<url>.*)$": ADMIN_NOT_FOUND,
}

# Cells where the application does not (yet) do what the policy says: the outcome it gives
# today and why that is a gap. The matrix expects today's outcome here, and fails once the gap
# is closed so that the entry is removed. Each one is reported to its owner.
KNOWN_GAPS: dict[tuple[str, str], tuple[str, str]] = {}


def policy_table() -> dict[str, Policy]:
    return {**URLS, **_admin_model_urls()}
