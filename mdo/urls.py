from django.urls import path

from . import views

app_name = "mdo"

urlpatterns = [
    path("mdo/", views.overzicht, name="overzicht"),
    path("mdo/nieuw/", views.nieuw, name="nieuw"),
    # The meeting page and its actions (one POST view per action).
    path("mdo/<int:pk>/", views.detail, name="detail"),
    path("mdo/<int:pk>/agenda/", views.agendapunt_add, name="agendapunt_add"),
    path("mdo/<int:pk>/van-agenda/", views.agendapunt_remove, name="agendapunt_remove"),
    path("mdo/<int:pk>/deskundige/", views.expert_invite, name="expert_invite"),
    path("mdo/<int:pk>/ouders-uitnodigen/", views.ouders_invite, name="ouders_invite"),
    path(
        "mdo/<int:pk>/uitnodiging-intrekken/",
        views.deelnemer_withdraw,
        name="deelnemer_withdraw",
    ),
    path("mdo/<int:pk>/annuleren/", views.mdo_cancel, name="annuleren"),
    path("mdo/<int:pk>/antwoord/", views.mijn_antwoord, name="mijn_antwoord"),
    path("mdo/<int:pk>/wijzigen/", views.bewerken, name="bewerken"),
    path("mdo/<int:pk>/vastleggen/", views.houden, name="houden"),
    # One family on the agenda: the summary, the advice and the proposed actions.
    path("mdo/<int:pk>/punt/<int:punt_pk>/", views.punt, name="punt"),
    path("mdo/<int:pk>/punt/<int:punt_pk>/advies/", views.advies, name="advies"),
    path(
        "mdo/<int:pk>/punt/<int:punt_pk>/overnemen/",
        views.adviesactie_accept,
        name="adviesactie_accept",
    ),
    path(
        "mdo/<int:pk>/punt/<int:punt_pk>/afwijzen/",
        views.adviesactie_decline,
        name="adviesactie_decline",
    ),
    path("mdo/antwoord/<str:token>/", views.antwoord, name="antwoord"),
]
