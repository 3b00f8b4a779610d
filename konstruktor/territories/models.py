from django.db import models


class FederalDistrict(models.TextChoices):
    CENTRAL = "Центральный", "Центральный"
    NORTHWEST = "Северо-Западный", "Северо-Западный"
    SOUTH = "Южный", "Южный"
    NORTH_CAUCASUS = "Северо-Кавказский", "Северо-Кавказский"
    VOLGA = "Приволжский", "Приволжский"
    URAL = "Уральский", "Уральский"
    SIBERIA = "Сибирский", "Сибирский"
    FAR_EAST = "Дальневосточный", "Дальневосточный"


class Region(models.Model):
    """A subject of the Russian Federation (reference data shipped with the project)."""

    name = models.CharField("наименование", max_length=120, unique=True)
    type = models.CharField("вид субъекта", max_length=64)
    code = models.CharField("код ОКАТО/ОКТМО (2 цифры)", max_length=2, db_index=True)
    okato_prefix = models.CharField("префикс ОКАТО", max_length=5)
    oktmo_prefix = models.CharField("префикс ОКТМО", max_length=5, unique=True)
    fns_code = models.CharField("код налоговых органов (ФНС/КЛАДР)", max_length=2, unique=True)
    iso_code = models.CharField("код ISO 3166-2", max_length=8, blank=True)
    federal_district = models.CharField("федеральный округ", max_length=32, choices=FederalDistrict.choices)
    is_programme = models.BooleanField("регион программы", default=False)
    is_pilot = models.BooleanField("пилотный регион", default=False)
    codes_uncertain = models.BooleanField(
        "коды требуют проверки",
        default=False,
        help_text="Коды взяты не из официального классификатора и должны быть сверены.",
    )

    class Meta:
        verbose_name = "субъект РФ"
        verbose_name_plural = "субъекты РФ"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
