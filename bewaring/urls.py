from django.urls import path

from . import views

app_name = "bewaring"

# Included under bewaring/ (ivh/urls.py).
urlpatterns = [
    path("", views.kalender_view, name="kalender"),
    path("batches/", views.batches, name="batches"),
    path("batches/<int:pk>/", views.certificaat, name="certificaat"),
    path("verzoeken/", views.verzoeken, name="verzoeken"),
    path("verzoeken/<int:pk>/", views.verzoek, name="verzoek"),
    path("verzoeken/<int:pk>/uitvoeren/", views.verzoek_uitvoeren, name="verzoek_uitvoeren"),
    path("verzoeken/<int:pk>/afwijzen/", views.verzoek_afwijzen, name="verzoek_afwijzen"),
]
