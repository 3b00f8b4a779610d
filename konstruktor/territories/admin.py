from django.contrib import admin

from konstruktor.territories.models import Municipality, Region, Settlement


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ("name", "type", "code", "oktmo_prefix", "fns_code", "iso_code", "federal_district",
                    "is_programme", "is_pilot", "codes_uncertain")  # fmt: skip
    list_filter = ("federal_district", "is_programme", "is_pilot", "codes_uncertain")
    search_fields = ("name", "fns_code", "code")


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ("name", "oktmo", "kind", "region", "population", "population_year", "is_demo")
    list_filter = ("kind", "is_demo", "region")
    search_fields = ("name", "oktmo")
    raw_id_fields = ("parent",)
    readonly_fields = ("updated_at",)


@admin.register(Settlement)
class SettlementAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "oktmo", "region", "municipality", "population", "population_year", "is_demo")
    list_filter = ("kind", "is_demo", "region")
    search_fields = ("name", "oktmo", "okato")
    raw_id_fields = ("municipality",)
    readonly_fields = ("updated_at",)
