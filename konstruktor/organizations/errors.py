from django.urls import reverse


class OrganizationError(Exception):
    """A registry rule was broken; the message is shown to the user as is."""


class AccessDenied(OrganizationError):
    pass


class DuplicateOrganization(OrganizationError):
    def __init__(self, *, existing_pk: int, field: str, value: str) -> None:
        self.existing_pk = existing_pk
        self.field = field
        self.value = value
        super().__init__(f"Организация с {field} {value} уже есть в реестре.")

    @property
    def url(self) -> str:
        return reverse("organizations:detail", args=[self.existing_pk])
