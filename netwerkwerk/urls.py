from django.urls import path

from . import views

app_name = "netwerkwerk"

# Included under netwerkwerk/ (ivh/urls.py).
urlpatterns = [
    path("consulten/", views.consulten, name="consulten"),
    path("consulten/<int:pk>/aanmelding/", views.consult_aanmelding, name="consult_aanmelding"),
    path("activiteiten/", views.activiteiten, name="activiteiten"),
    path("activiteiten/nieuw/", views.activiteit_nieuw, name="activiteit_nieuw"),
    path("activiteiten/<int:pk>/wijzigen/", views.activiteit_bewerken, name="activiteit_bewerken"),
]
