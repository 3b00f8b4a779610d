"""What an import of territorial data did: per kind of object, created / updated / unchanged."""

from dataclasses import dataclass, field

ENTITY_TITLES = {
    "region": "субъекты РФ",
    "municipality": "муниципальные образования",
    "settlement": "населённые пункты",
}


@dataclass(frozen=True)
class Skip:
    row: int  # as a spreadsheet shows it (the header is row 1 in a CSV)
    reason: str


@dataclass
class TerritoryImportReport:
    kind: str
    source: str = ""
    rows: int = 0
    year: int | None = None
    counts: dict[str, dict[str, int]] = field(
        default_factory=lambda: {
            entity: {"created": 0, "updated": 0, "unchanged": 0} for entity in ("region", "municipality", "settlement")
        }
    )
    skipped: list[Skip] = field(default_factory=list)
    # Rows that were applied, but not completely (a code the platform's reference keeps, …).
    notes: list[Skip] = field(default_factory=list)

    def count(self, entity: str, outcome: str) -> None:
        self.counts[entity][outcome] += 1

    def skip(self, row: int, reason: str) -> None:
        self.skipped.append(Skip(row, reason))

    def note(self, row: int, reason: str) -> None:
        self.notes.append(Skip(row, reason))

    @property
    def created(self) -> int:
        return sum(c["created"] for c in self.counts.values())

    @property
    def updated(self) -> int:
        return sum(c["updated"] for c in self.counts.values())

    def summary_lines(self, *, limit: int = 50) -> list[str]:
        lines = [f"Файл: {self.source or '—'}; формат: {self.kind}; строк данных: {self.rows}."]
        if self.year:
            lines.append(f"Год численности: {self.year}.")
        for entity, title in ENTITY_TITLES.items():
            c = self.counts[entity]
            if any(c.values()):
                lines.append(
                    f"{title}: добавлено {c['created']}, обновлено {c['updated']}, без изменений {c['unchanged']}."
                )
        lines.append(f"Пропущено строк: {len(self.skipped)}.")
        for item in self.skipped[:limit]:
            lines.append(f"  строка {item.row}: {item.reason}")
        if len(self.skipped) > limit:
            lines.append(f"  … и ещё {len(self.skipped) - limit}.")
        if self.notes:
            lines.append(f"Замечания: {len(self.notes)}.")
            for item in self.notes[:limit]:
                lines.append(f"  строка {item.row}: {item.reason}")
            if len(self.notes) > limit:
                lines.append(f"  … и ещё {len(self.notes) - limit}.")
        return lines
