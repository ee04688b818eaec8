from django.contrib import admin

from .models import ActiviteitOrganisatie, Consult, Netwerkactiviteit


@admin.register(Consult)
class ConsultAdmin(admin.ModelAdmin):
    list_display = ["datum", "region", "kanaal", "vraagsteller", "gemeente", "minuten"]
    list_filter = ["region", "kanaal", "vraagsteller"]
    date_hierarchy = "datum"
    raw_id_fields = ["aanmelding", "created_by"]
    list_select_related = ["region", "gemeente"]


class ActiviteitOrganisatieInline(admin.TabularInline):
    model = ActiviteitOrganisatie
    extra = 0
    raw_id_fields = ["organisatie"]


@admin.register(Netwerkactiviteit)
class NetwerkactiviteitAdmin(admin.ModelAdmin):
    list_display = ["datum", "region", "soort", "titel", "deelnemers"]
    list_filter = ["region", "soort"]
    date_hierarchy = "datum"
    search_fields = ["titel"]
    raw_id_fields = ["created_by"]
    inlines = [ActiviteitOrganisatieInline]
