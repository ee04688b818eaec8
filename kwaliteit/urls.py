from django.urls import path

from . import views

app_name = "kwaliteit"

# Included under kwaliteit/ (ivh/urls.py).
urlpatterns = [
    path("", views.overzicht, name="overzicht"),
    path("<int:pk>/", views.review, name="review"),
]
