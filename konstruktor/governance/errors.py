"""Domain errors of project management; the messages are shown to the user as is."""


class GovernanceError(Exception):
    pass


class AccessDenied(GovernanceError):
    pass


class UploadRejected(GovernanceError):
    pass


class RoadmapImportError(GovernanceError):
    """A roadmap file with bad rows: nothing was imported."""

    def __init__(self, errors: list[tuple[int, str]]) -> None:
        self.errors = errors
        super().__init__(f"Файл не загружен: ошибок в строках — {len(errors)}. Исправьте их и загрузите файл снова.")
