"""Domain exceptions of the documents module; messages are shown to users as they are."""

from typing import Any


class DocumentsError(Exception):
    """A documents rule was broken; the message is in Russian."""


class AccessDenied(DocumentsError):
    pass


class RenderError(DocumentsError):
    """A template could not be filled or converted."""


class BlockingProblems(DocumentsError):
    """Generation refused: blocking problems remain in the answers."""

    def __init__(self, problems: list[Any]) -> None:
        self.problems = problems
        count = len(problems)
        super().__init__(
            f"Пакет не сформирован: осталось блокирующих замечаний — {count}. Исправьте ответы, отмеченные красным."
        )


class TemplateRejected(DocumentsError):
    """An uploaded template failed the check; `issues` name the place of each problem."""

    def __init__(self, issues: list[Any]) -> None:
        self.issues = issues
        super().__init__("Шаблон не принят: " + "; ".join(str(i) for i in issues))
