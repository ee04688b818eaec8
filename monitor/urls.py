from django.urls import path

from . import export_views, quickscan_views, views

app_name = "monitor"

urlpatterns = [
    path("monitor/", views.overzicht, name="overzicht"),
    path("monitor/export.csv", export_views.export_csv, name="csv"),
    path("monitor/export.xlsx", export_views.export_xlsx, name="xlsx"),
    path("monitor/rapport.pdf", export_views.rapport_pdf, name="pdf"),
    path("monitor/regio/<int:region_pk>/publiceren/", views.publiceren, name="publiceren"),
    path("monitor/quickscan/", quickscan_views.quickscan_list, name="quickscan"),
    path(
        "monitor/quickscan/<int:gemeente_pk>/<int:year>/",
        quickscan_views.quickscan_form,
        name="quickscan_form",
    ),
]
