"""Demo initiative groups (invented; no real people or institutions)."""

from collections.abc import Callable
from typing import Any


def demo_seed(*, write: Callable[[str], Any] = print) -> None:
    write("Инкубатор: демо-данные ещё не подготовлены.")
