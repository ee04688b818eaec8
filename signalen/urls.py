from django.urls import path

from . import views

app_name = "signalen"

urlpatterns = [
    path("signalen/", views.overzicht, name="overzicht"),
    path("signalen/<int:pk>/gezien/", views.acknowledge, name="gezien"),
    path("signalen/taken/", views.taken, name="taken"),
]
