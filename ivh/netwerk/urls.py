from django.urls import path

from . import views

app_name = "netwerk"

urlpatterns = [
    path("sociale-kaart/", views.sociale_kaart, name="sociale_kaart"),
    path("organisaties/nieuw/", views.organisatie_create, name="organisatie_create"),
    path("organisaties/<int:pk>/", views.organisatie_detail, name="organisatie"),
    path("organisaties/<int:pk>/bewerken/", views.organisatie_edit, name="organisatie_edit"),
    path("regio/<int:pk>/", views.region_detail, name="region"),
    path("regio/<int:pk>/bewerken/", views.region_edit, name="region_edit"),
    path("regio/<int:pk>/normen/", views.region_normen, name="region_normen"),
    path(
        "regio/<int:pk>/sluitingsdagen/",
        views.region_sluitingsdagen,
        name="region_sluitingsdagen",
    ),
    path(
        "regio/<int:pk>/sluitingsdagen/<int:sluitingsdag_pk>/verwijderen/",
        views.region_sluitingsdag_remove,
        name="region_sluitingsdag_remove",
    ),
]
