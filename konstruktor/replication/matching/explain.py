"""The factor-by-factor explanation of a shown result, in Russian."""

from collections.abc import Sequence
from typing import Any

from konstruktor.organizations.models import ActivityArea, TargetGroup
from konstruktor.replication.matching.factors import (
    DECISION_LABELS,
    FACTOR_BY_CODE,
    FLAG_LABELS,
    LEVEL_LABELS,
    RATED_FACTORS,
    FactorResult,
    Source,
    _num,
    _quoted,
    evidence_score,
    readiness_score_of,
)
from konstruktor.replication.matching.signals import _Signals

# ---------------------------------------------------------------- explanations


class _Explainer:
    """Writes the factor-by-factor explanation of a shown result, in Russian."""

    def __init__(self, signals: _Signals) -> None:
        self.s = signals
        self.group_names = dict(TargetGroup.objects.values_list("pk", "name"))
        self.area_names = dict(ActivityArea.objects.values_list("pk", "short_name"))

    def _what(self, groups: Sequence[int], areas: Sequence[int]) -> str:
        parts = []
        if groups:
            names = sorted(self.group_names.get(g, "") for g in groups)
            parts.append(("с группой " if len(names) == 1 else "с группами ") + _quoted(names))
        if areas:
            names = sorted(self.area_names.get(a, "") for a in areas)
            parts.append(("по направлению " if len(names) == 1 else "по направлениям ") + _quoted(names))
        return " или ".join(parts)

    def _overlap(
        self, groups: Sequence[int], areas: Sequence[int], own_groups: frozenset[int], own_areas: frozenset[int]
    ) -> list[str]:
        names = [self.group_names.get(g, "") for g in sorted(own_groups.intersection(groups))]
        return sorted(names + [self.area_names.get(a, "") for a in sorted(own_areas.intersection(areas))])

    def _need(self, groups: Sequence[int], areas: Sequence[int]) -> tuple[list[Source], list[str]]:
        need = self.s.need(groups, areas)
        if need is None:
            if not self.s.has_territory:
                return [], ["нет данных о территории получателя"]
            return [], ["в паспорте не указаны целевые группы и направления"]
        score, similar, sonko = need
        where, what = self.s.target.where, self._what(groups, areas)
        if similar == 0:
            detail = f"{where} 0 НКО и 0 СОНКО работают {what}"
        else:
            detail = f"{where} {similar} НКО (из них СОНКО — {sonko}) работают {what}"
        if self.s.organization_count == 0:
            detail += "; в территории нет ни одной действующей НКО («белое пятно»)"
        return [Source("данные платформы", score, detail)], []

    def _fit(self, groups: Sequence[int], areas: Sequence[int]) -> tuple[list[Source], list[str]]:
        sources, notes = [], []
        priority = self.s.priority_fit(groups, areas)
        if priority is None:
            notes.append("приоритеты региона не заданы")
        else:
            matched = self._overlap(groups, areas, self.s.priority_groups, self.s.priority_areas)
            detail = f"входит в приоритеты региона: {_quoted(matched)}" if matched else "вне приоритетов региона"
            sources.append(Source("приоритеты региона", priority[0], detail))
        profile = self.s.profile_fit(groups, areas)
        if profile is not None:
            matched = self._overlap(groups, areas, self.s.profile_groups, self.s.profile_areas)
            detail = (
                f"совпадает с профилем организации: {_quoted(matched)}"
                if matched
                else "не совпадает с целевыми группами и направлениями организации"
            )
            sources.append(Source("профиль организации", profile[0], detail))
        return sources, notes

    def _readiness(self, pk: int, readiness: float | None, decision: str) -> Source:
        items = self.s.passport_items.get(pk, 0)
        if readiness is not None:
            detail, label = f"оценка экспертов {_num(float(readiness))} из 4", "экспертиза"
        else:
            detail = (
                f"экспертной оценки нет, по паспорту {items} из 4 "
                "(руководство, чек-лист соответствия, ключевые компоненты, шаги запуска)"
            )
            label = "паспорт практики"
        if decision:
            detail += f"; решение экспертизы — «{DECISION_LABELS.get(decision, decision)}»"
        return Source(label, readiness_score_of(readiness, items), detail)

    def factor(self, code: str, row: tuple[Any, ...], score: float | None) -> FactorResult:
        pk, level, flag, readiness, decision, _org = row
        groups, areas = self.s.groups.get(pk, []), self.s.areas.get(pk, [])
        spec = FACTOR_BY_CODE[code]
        sources: list[Source] = []
        notes: list[str] = []
        if code == "need":
            sources, notes = self._need(groups, areas)
        elif code == "fit":
            sources, notes = self._fit(groups, areas)
        elif code == "evidence":
            detail = f"уровень {level} из 4 — «{LEVEL_LABELS.get(level, '')}»"
            if flag:
                detail += f", флаг «{FLAG_LABELS.get(flag, flag)}»"
            sources.append(Source("паспорт практики", float(evidence_score(level, flag)), detail))
        elif code == "readiness":
            sources.append(self._readiness(pk, readiness, decision))
        team = self.s.ratings.get(pk)
        if code in RATED_FACTORS:
            if team:
                detail = f"оценка команды получателя {_num(team[code])} (оценили: {team['n']})"
                sources.append(Source("оценка команды", round(team[code], 2), detail))
            elif code in ("resources", "capacity"):
                notes.append("команда получателя ещё не оценила — фактор не учтён")
        details = "; ".join([s.detail for s in sources] + notes)
        if score is None:
            explanation = f"{spec.name}: нет данных ({details})"
        else:
            explanation = f"{spec.phrase(score)} ({_num(score)}): {details}"
        return FactorResult(code, spec.name, spec.weight, score, tuple(sources), explanation)
