"""Platform roles. A user holds roles through memberships in organizations."""

from django.db import models


class Role(models.TextChoices):
    FEDERAL_COORDINATOR = "federal_coordinator", "Федеральный координатор"
    RC_MANAGER = "rc_manager", "Руководитель РЦ"
    RC_CONSULTANT = "rc_consultant", "Консультант РЦ"
    EXPERT = "expert", "Эксперт"
    NGO_MEMBER = "ngo_member", "Представитель НКО"
    OFFICIAL = "official", "Представитель органа власти"


RC_STAFF = frozenset({Role.RC_MANAGER, Role.RC_CONSULTANT})
# Roles whose holders act for the whole region of their organization.
REGIONAL_ROLES = frozenset({Role.RC_MANAGER, Role.RC_CONSULTANT, Role.OFFICIAL})
