"""Packages the platform ships, written as reviewable source (see dsl.py and spec.py)."""

from konstruktor.documents.shipped import ano, fund, oo, participation, reporting, statuses
from konstruktor.documents.shipped.spec import PackageSpec

PACKAGES: list[PackageSpec] = [
    ano.PACKAGE,
    oo.PACKAGE,
    fund.PACKAGE,
    statuses.PROVIDER,
    statuses.IOPU,
    reporting.PACKAGE,
    participation.PACKAGE,
]


def package_spec(slug: str) -> PackageSpec | None:
    return next((p for p in PACKAGES if p.slug == slug), None)
