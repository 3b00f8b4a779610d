"""Indicator definitions, their targets and the daily snapshots that dashboards read.

Values are never entered: a snapshot is computed by the indicator's formula (a Python callable
registered under the indicator's code, see formulas/) from records other modules already keep,
above all the support log. Monitoring reads every app and writes only these tables.
"""

from django.db import models
from django.db.models import Q, Value
from django.db.models.functions import Coalesce

from konstruktor.organizations.models import Organization
from konstruktor.territories.models import Region


class Direction(models.TextChoices):
    INCREASE = "increase", "Рост — лучше"
    DECREASE = "decrease", "Снижение — лучше"


class IndicatorDefinition(models.Model):
    code = models.SlugField("код", max_length=64, unique=True, help_text="Код формулы, зарегистрированной в коде.")
    name = models.CharField("наименование", max_length=255)
    unit = models.CharField("единица измерения", max_length=64)
    description = models.TextField("как считается", help_text="Источник данных, формула и оговорки — публикуется.")
    direction = models.CharField("направление", max_length=16, choices=Direction.choices, default=Direction.INCREASE)
    baseline = models.FloatField("базовое значение", null=True, blank=True)
    is_public = models.BooleanField("в открытой сводке", default=True)
    is_active = models.BooleanField("рассчитывается", default=True)
    order = models.PositiveSmallIntegerField("порядок", default=100)

    class Meta:
        verbose_name = "показатель"
        verbose_name_plural = "показатели"
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name


class IndicatorTarget(models.Model):
    """A target for a period ("2026"; empty — the whole programme) and a region (empty — the country)."""

    indicator = models.ForeignKey(IndicatorDefinition, on_delete=models.CASCADE, related_name="targets")
    region = models.ForeignKey(
        Region, verbose_name="субъект РФ", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    period = models.CharField(
        "период",
        max_length=16,
        blank=True,
        help_text="Год (2026), квартал (2026-Q2), месяц (2026-05) или пусто — вся программа.",
    )
    value = models.FloatField("целевое значение")
    note = models.CharField("основание", max_length=255, blank=True)

    class Meta:
        verbose_name = "целевое значение"
        verbose_name_plural = "целевые значения"
        ordering = ["indicator", "period", "region"]
        constraints = [
            models.UniqueConstraint(
                "indicator", Coalesce("region", Value(0)), "period", name="monitoring_target_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.period or 'программа'} {self.region or 'РФ'}: {self.value}"


class IndicatorSnapshot(models.Model):
    """The indicator's value from 1 January up to and including `date` (year to date).

    Empty region — the whole country; empty service — all services; empty centre — all РЦ.
    """

    indicator = models.ForeignKey(IndicatorDefinition, on_delete=models.CASCADE, related_name="snapshots")
    date = models.DateField("на дату")
    region = models.ForeignKey(Region, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    service = models.CharField("услуга РЦ", max_length=32, null=True, blank=True)
    centre = models.ForeignKey(Organization, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    value = models.FloatField("значение")

    class Meta:
        verbose_name = "снимок показателя"
        verbose_name_plural = "снимки показателей"
        constraints = [
            models.UniqueConstraint(
                "indicator",
                "date",
                Coalesce("region", Value(0)),
                Coalesce("service", Value("")),
                Coalesce("centre", Value(0)),
                name="monitoring_snapshot_unique",
            )
        ]
        indexes = [
            models.Index(fields=["date", "indicator"], name="monitoring_snap_date"),
            models.Index(fields=["region", "indicator", "date"], name="monitoring_snap_region"),
            models.Index(
                fields=["indicator", "date"],
                condition=Q(region__isnull=True, service__isnull=True, centre__isnull=True),
                name="monitoring_snap_national",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.date}: {self.value}"
