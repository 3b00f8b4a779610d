from django.contrib import admin

from konstruktor.territories.models import Region


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ("name", "type", "code", "oktmo_prefix", "fns_code", "iso_code", "federal_district",
                    "is_programme", "is_pilot", "codes_uncertain")  # fmt: skip
    list_filter = ("federal_district", "is_programme", "is_pilot", "codes_uncertain")
    search_fields = ("name", "fns_code", "code")
