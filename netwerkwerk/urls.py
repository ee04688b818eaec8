from django.urls import path

from . import stuurgroep_views as stuurgroep
from . import views

app_name = "netwerkwerk"

# Included under netwerkwerk/ (ivh/urls.py).
urlpatterns = [
    path("consulten/", views.consulten, name="consulten"),
    path("consulten/<int:pk>/aanmelding/", views.consult_aanmelding, name="consult_aanmelding"),
    path("activiteiten/", views.activiteiten, name="activiteiten"),
    path("activiteiten/nieuw/", views.activiteit_nieuw, name="activiteit_nieuw"),
    path("activiteiten/<int:pk>/wijzigen/", views.activiteit_bewerken, name="activiteit_bewerken"),
    path("stuurgroep/", stuurgroep.stuurgroep, name="stuurgroep"),
    path("stuurgroep/leden/nieuw/", stuurgroep.lid_nieuw, name="lid_nieuw"),
    path("stuurgroep/leden/<int:pk>/wijzigen/", stuurgroep.lid_wijzigen, name="lid_wijzigen"),
    path("stuurgroep/leden/<int:pk>/beeindigen/", stuurgroep.lid_beeindigen, name="lid_beeindigen"),
    path("stuurgroep/vergaderingen/nieuw/", stuurgroep.vergadering_nieuw, name="vergadering_nieuw"),
    path("stuurgroep/vergaderingen/<int:pk>/", stuurgroep.vergadering, name="vergadering"),
    path(
        "stuurgroep/vergaderingen/<int:pk>/wijzigen/",
        stuurgroep.vergadering_wijzigen,
        name="vergadering_wijzigen",
    ),
    path(
        "stuurgroep/vergaderingen/<int:pk>/besluit/",
        stuurgroep.besluit_nieuw,
        name="besluit_nieuw",
    ),
    path("stuurgroep/besluiten/", stuurgroep.besluiten, name="besluiten"),
    path("stuurgroep/besluiten/<int:pk>/status/", stuurgroep.besluit_status, name="besluit_status"),
    path("stuurgroep/documenten/nieuw/", stuurgroep.document_nieuw, name="document_nieuw"),
    path("stuurgroep/documenten/<int:pk>/", stuurgroep.document, name="document"),
    path(
        "stuurgroep/documenten/<int:pk>/versie/",
        stuurgroep.document_versie,
        name="document_versie",
    ),
    path(
        "stuurgroep/versies/<int:pk>/download/",
        stuurgroep.versie_download,
        name="versie_download",
    ),
]
