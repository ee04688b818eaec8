from django.urls import path

from . import views, views_ouder

app_name = "casemanagement"

urlpatterns = [
    path("trajecten/", views.caseload_view, name="caseload"),
    path("trajecten/<int:pk>/", views.traject_detail, name="traject"),
    path("trajecten/<int:pk>/contact/<int:contact_pk>/", views.contact_edit, name="contact_edit"),
    path("trajecten/<int:pk>/plan/", views.plan_edit, name="plan_edit"),
    path("trajecten/<int:pk>/plan/vergelijken/", views.plan_compare, name="plan_compare"),
    path("trajecten/<int:pk>/plan/pdf/", views.plan_pdf, name="plan_pdf"),
    path("trajecten/<int:pk>/inzage/", views.inzage_export, name="inzage"),
    path("ouder/<str:token>/", views_ouder.ouder, name="ouder"),
]
