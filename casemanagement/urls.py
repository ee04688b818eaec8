from django.urls import path

from . import views, views_intake, views_ouder

app_name = "casemanagement"

urlpatterns = [
    # The intake of a registration (aanmeldpunt): the page and one POST view per action.
    path("aanmeldpunt/<int:pk>/", views_intake.intake, name="intake"),
    path(
        "aanmeldpunt/<int:pk>/eerste-contact/",
        views_intake.intake_eerste_contact,
        name="intake_eerste_contact",
    ),
    path("aanmeldpunt/<int:pk>/advies/", views_intake.intake_advies, name="intake_advies"),
    path("aanmeldpunt/<int:pk>/verwijzen/", views_intake.intake_verwijzen, name="intake_verwijzen"),
    path(
        "aanmeldpunt/<int:pk>/doorsturen/",
        views_intake.intake_doorsturen,
        name="intake_doorsturen",
    ),
    path(
        "aanmeldpunt/<int:pk>/buiten-doelgroep/",
        views_intake.intake_buiten_doelgroep,
        name="intake_buiten_doelgroep",
    ),
    path("aanmeldpunt/<int:pk>/traject/", views_intake.intake_traject, name="intake_traject"),
    # Caseload and substitution.
    path("trajecten/", views.caseload_view, name="caseload"),
    path("trajecten/vervanging/", views.vervanging_create, name="vervanging"),
    path(
        "trajecten/vervanging/<int:pk>/beeindigen/",
        views.vervanging_end,
        name="vervanging_beeindigen",
    ),
    # The traject page and its actions.
    path("trajecten/<int:pk>/", views.traject_detail, name="traject"),
    path("trajecten/<int:pk>/contact/", views.traject_contact, name="traject_contact"),
    path("trajecten/<int:pk>/fase/", views.traject_fase, name="traject_fase"),
    path("trajecten/<int:pk>/verwijzing/", views.traject_verwijzing, name="traject_verwijzing"),
    path(
        "trajecten/<int:pk>/verwijzing/data/",
        views.traject_verwijzing_data,
        name="traject_verwijzing_data",
    ),
    path("trajecten/<int:pk>/afsluiten/", views.traject_afsluiten, name="traject_afsluiten"),
    path("trajecten/<int:pk>/termijn/pauze/", views.traject_termijn_pauze, name="termijn_pauze"),
    path("trajecten/<int:pk>/termijn/hervat/", views.traject_termijn_hervat, name="termijn_hervat"),
    path("trajecten/<int:pk>/akkoord/", views.traject_akkoord, name="traject_akkoord"),
    path("trajecten/<int:pk>/ouderlink/", views.traject_ouderlink, name="traject_ouderlink"),
    path(
        "trajecten/<int:pk>/ouderlink/intrekken/",
        views.traject_ouderlink_intrekken,
        name="traject_ouderlink_intrekken",
    ),
    path(
        "trajecten/<int:pk>/vraag-afgehandeld/",
        views.traject_vraag_afgehandeld,
        name="traject_vraag_afgehandeld",
    ),
    path(
        "trajecten/<int:pk>/casemanager/",
        views.traject_herverdelen,
        name="traject_herverdelen",
    ),
    # Pages of their own.
    path("trajecten/<int:pk>/contact/<int:contact_pk>/", views.contact_edit, name="contact_edit"),
    path("trajecten/<int:pk>/plan/", views.plan_edit, name="plan_edit"),
    path("trajecten/<int:pk>/plan/vergelijken/", views.plan_compare, name="plan_compare"),
    path("trajecten/<int:pk>/plan/pdf/", views.plan_pdf, name="plan_pdf"),
    path("trajecten/<int:pk>/inzage/", views.inzage_export, name="inzage"),
    # The parents' personal link: the page and its actions (no login, rate-limited).
    path("ouder/<str:token>/", views_ouder.ouder, name="ouder"),
    path("ouder/<str:token>/akkoord/", views_ouder.ouder_akkoord, name="ouder_akkoord"),
    path("ouder/<str:token>/vraag/", views_ouder.ouder_vraag, name="ouder_vraag"),
    path(
        "ouder/<str:token>/tevredenheid/",
        views_ouder.ouder_tevredenheid,
        name="ouder_tevredenheid",
    ),
    path(
        "ouder/<str:token>/toestemming-intrekken/",
        views_ouder.ouder_toestemming_intrekken,
        name="ouder_toestemming_intrekken",
    ),
]
