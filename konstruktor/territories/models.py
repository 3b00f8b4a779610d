from django.conf import settings
from django.core.validators import MinValueValidator
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
    population = models.PositiveIntegerField("численность населения", null=True, blank=True)
    population_year = models.PositiveSmallIntegerField("год оценки численности", null=True, blank=True)
    population_source = models.CharField("источник численности", max_length=255, blank=True)
    population_is_demo = models.BooleanField("численность — демонстрационные данные", default=False)

    class Meta:
        verbose_name = "субъект РФ"
        verbose_name_plural = "субъекты РФ"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class MunicipalityKind(models.TextChoices):
    """Kinds of municipal formations; derived from ОКТМО digits 3 and 6 where the code tells."""

    MUNICIPAL_DISTRICT = "municipal_district", "муниципальный район"
    MUNICIPAL_OKRUG = "municipal_okrug", "муниципальный округ"
    URBAN_OKRUG = "urban_okrug", "городской округ"
    URBAN_OKRUG_DIVIDED = "urban_okrug_divided", "городской округ с внутригородским делением"
    INTRACITY_TERRITORY = "intracity_territory", "внутригородская территория города федерального значения"
    INTRACITY_DISTRICT = "intracity_district", "внутригородской район"
    URBAN_SETTLEMENT = "urban_settlement", "городское поселение"
    RURAL_SETTLEMENT = "rural_settlement", "сельское поселение"
    INTER_SETTLEMENT = "inter_settlement", "межселенная территория"
    OTHER = "other", "муниципальное образование"


class Municipality(models.Model):
    """A municipal formation (ОКТМО, 8 digits): the top level (район, округ) or a поселение in it."""

    oktmo = models.CharField("код ОКТМО", max_length=8, unique=True)
    name = models.CharField("наименование", max_length=255)
    name_normalized = models.CharField(max_length=255, db_index=True, editable=False, default="")
    kind = models.CharField("вид", max_length=24, choices=MunicipalityKind.choices, default=MunicipalityKind.OTHER)
    region = models.ForeignKey(Region, verbose_name="субъект РФ", on_delete=models.PROTECT, related_name="+")
    parent = models.ForeignKey(
        "self",
        verbose_name="входит в",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="children",
        help_text="Для поселений и внутригородских районов — муниципальный район или округ.",
    )
    population = models.PositiveIntegerField("численность населения", null=True, blank=True)
    population_year = models.PositiveSmallIntegerField("год оценки численности", null=True, blank=True)
    population_source = models.CharField("источник численности", max_length=255, blank=True)
    is_demo = models.BooleanField("численность — демонстрационные данные", default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "муниципальное образование"
        verbose_name_plural = "муниципальные образования"
        ordering = ["region", "name"]
        indexes = [models.Index(fields=["region", "parent"])]

    def __str__(self) -> str:
        return self.name


class Settlement(models.Model):
    """A city, town or other inhabited locality (ОКТМО, 11 digits, when known)."""

    oktmo = models.CharField("код ОКТМО", max_length=11, unique=True, null=True, blank=True)
    okato = models.CharField("код ОКАТО", max_length=11, blank=True)
    name = models.CharField("наименование", max_length=255)
    name_normalized = models.CharField(max_length=255, db_index=True, editable=False, default="")
    kind = models.CharField("вид", max_length=40, default="город")
    region = models.ForeignKey(Region, verbose_name="субъект РФ", on_delete=models.PROTECT, related_name="+")
    municipality = models.ForeignKey(
        Municipality,
        verbose_name="муниципальное образование",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="settlements",
    )
    population = models.PositiveIntegerField("численность населения", null=True, blank=True)
    population_year = models.PositiveSmallIntegerField("год оценки численности", null=True, blank=True)
    population_source = models.CharField("источник численности", max_length=255, blank=True)
    is_demo = models.BooleanField("численность — демонстрационные данные", default=False)
    lat = models.FloatField("широта", null=True, blank=True)
    lon = models.FloatField("долгота", null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "населённый пункт"
        verbose_name_plural = "населённые пункты"
        ordering = ["region", "name"]
        constraints = [
            # Rows without an 11-digit code are keyed by region, name and kind.
            models.UniqueConstraint(
                fields=["region", "name_normalized", "kind"],
                condition=models.Q(oktmo__isnull=True),
                name="settlement_unique_name_without_oktmo",
            )
        ]

    def __str__(self) -> str:
        return self.name


class WhiteSpotSettings(models.Model):
    """Thresholds of the white-spot flags; one row, edited by the federal coordinator."""

    low_density_per_10k = models.DecimalField(
        "порог «низкой плотности», НКО на 10 000 жителей",
        max_digits=6,
        decimal_places=2,
        default=5,
        validators=[MinValueValidator(0)],
    )
    min_population = models.PositiveIntegerField(
        "минимальная численность населения для флагов",
        default=1000,
        help_text="Территории меньше этой численности не отмечаются флагами «нет НКО», «нет СОНКО» и "
        "«низкая плотность». Если численность неизвестна, флаги «нет НКО» и «нет СОНКО» ставятся.",
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "пороги «белых пятен»"
        verbose_name_plural = "пороги «белых пятен»"

    def __str__(self) -> str:
        return "Пороги «белых пятен»"
