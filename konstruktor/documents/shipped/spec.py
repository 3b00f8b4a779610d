"""How a shipped package is written in source: steps, questions and documents."""

from dataclasses import dataclass, field
from typing import Any

from konstruktor.documents.shipped.dsl import DocSpec

# A choices value that is filled at install time from the registry's activity types (31.1).
ACTIVITY_AREAS = "activity_areas"


@dataclass
class Q:
    key: str
    kind: str
    label: str
    help: str = ""
    basis: str = ""
    required: bool = True
    choices: list[tuple[str, str]] | str = field(default_factory=list)
    condition: str = ""
    children: list["Q"] = field(default_factory=list)
    min_items: int | None = None
    max_items: int | None = None
    options: dict[str, Any] = field(default_factory=dict)


@dataclass
class S:
    title: str
    questions: list[Q]
    help: str = ""
    condition: str = ""


@dataclass
class PackageSpec:
    slug: str
    title: str
    description: str
    kind: str
    legal_basis: str
    order: int
    steps: list[S]
    documents: list[DocSpec]
    rules: list[str] = field(default_factory=list)
    constants: dict[str, Any] = field(default_factory=dict)
