"""Formulas of the indicators, registered by code (see base.py); programme.py ships the defaults."""

from konstruktor.monitoring.formulas.base import (
    NATIONAL,
    Cell,
    Drill,
    Formula,
    FormulaContext,
    Values,
    formula_codes,
    formula_get,
    formula_register,
)

__all__ = [
    "NATIONAL",
    "Cell",
    "Drill",
    "Formula",
    "FormulaContext",
    "Values",
    "formula_codes",
    "formula_get",
    "formula_register",
]
