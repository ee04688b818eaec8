from django.urls import path

from . import views

app_name = "mdo"

urlpatterns = [
    path("mdo/", views.overzicht, name="overzicht"),
    path("mdo/nieuw/", views.nieuw, name="nieuw"),
    path("mdo/<int:pk>/", views.detail, name="detail"),
    path("mdo/<int:pk>/wijzigen/", views.bewerken, name="bewerken"),
    path("mdo/<int:pk>/vastleggen/", views.houden, name="houden"),
    path("mdo/<int:pk>/punt/<int:punt_pk>/", views.punt, name="punt"),
    path("mdo/antwoord/<str:token>/", views.antwoord, name="antwoord"),
]
