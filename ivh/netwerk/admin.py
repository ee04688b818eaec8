from django.contrib import admin

from .models import Dienst, Gemeente, Organisatie, Postcodegebied, Region


class PostcodegebiedInline(admin.TabularInline):
    model = Postcodegebied
    extra = 0


class DienstInline(admin.TabularInline):
    model = Dienst
    extra = 0


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "organisatie_model", "aanmeldpunt_telefoon"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Gemeente)
class GemeenteAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "cbs_code",
        "region",
        "kinderen_0_6",
        "kinderen_peiljaar",
        "kinderen_bron",
    ]
    list_filter = ["region"]
    search_fields = ["name", "cbs_code"]
    inlines = [PostcodegebiedInline]


@admin.register(Organisatie)
class OrganisatieAdmin(admin.ModelAdmin):
    list_display = ["name", "soort", "wachttijd_weken", "actief"]
    list_filter = ["soort", "regions", "actief"]
    search_fields = ["name"]
    filter_horizontal = ["regions"]
    inlines = [DienstInline]
