"""Assembling a package: check, choose documents and template versions, render, zip."""

import datetime
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from konstruktor.documents import conditions
from konstruktor.documents.context import template_context
from konstruktor.documents.errors import BlockingProblems
from konstruktor.documents.models import PackageDefinition, TemplateVersion
from konstruktor.documents.queries import Checked, package_check, template_versions_for
from konstruktor.documents.questionnaire import DocumentSpec
from konstruktor.documents.rendering import CACHE, CompiledTemplate, RenderedDocument, package_zip, safe_filename
from konstruktor.documents.shipped.contents import CONTENTS

CONTENTS_NAME = "00 Содержание пакета.docx"


@dataclass
class Assembled:
    checked: Checked
    documents: list[RenderedDocument]
    archive: bytes
    render_ms: int
    missing: list[str]


def compiled_version(version: TemplateVersion) -> CompiledTemplate:
    def load() -> bytes:
        with version.file.open("rb") as handle:
            return handle.read()

    return CACHE.get(("version", version.pk), load)


def compiled_contents() -> CompiledTemplate:
    return CACHE.get(("contents", CONTENTS.source_hash()), CONTENTS.build)


def documents_included(checked: Checked) -> list[DocumentSpec]:
    """The package's documents whose condition holds for these answers."""
    scope = {"params": checked.params}
    return [d for d in checked.questionnaire.documents if conditions.evaluate(d.condition, scope, checked.answers)]


def package_assemble(
    *,
    package: PackageDefinition,
    answers: Mapping[str, Any],
    region_id: int | None,
    region_name: str = "",
    version: int = 0,
    prepared_by: str = "",
    checked: Checked | None = None,
    today: datetime.date | None = None,
) -> Assembled:
    """Raises BlockingProblems while a blocking problem remains; nothing is rendered then."""
    started = time.perf_counter()
    checked = checked or package_check(package=package, answers=answers, region_name=region_name, today=today)
    if checked.blocking:
        raise BlockingProblems(checked.blocking)
    versions = template_versions_for(package=package, region_id=region_id)
    included = documents_included(checked)
    missing = [d.title for d in included if d.pk not in versions]
    included = [d for d in included if d.pk in versions]
    listing = [
        {
            "title": d.title,
            "filename": f"{n:02d} {safe_filename(d.filename)}.docx",
            "copies": d.copies,
            "note": d.note,
            "template_version": versions[d.pk].pk,
            "regional": versions[d.pk].region_id is not None,
        }
        for n, d in enumerate(included, 1)
    ]
    compiled = {spec.pk: compiled_version(versions[spec.pk]) for spec in included}
    used = set().union(*(c.parameters for c in compiled.values())) if compiled else set()
    notes = {key: note for key, note in checked.param_notes.items() if key in used}
    context = template_context(
        questionnaire=checked.questionnaire,
        answers=checked.answers,
        params=checked.params,
        param_notes=notes,
        on=checked.on,
        # The timeline has its own table; the other non-blocking problems are notes for the consultant.
        problems=[p for p in checked.problems if not p.blocking and p.rule != "T1"],
        documents=listing,
        timeline=[step.as_dict() for step in checked.timeline],
        version=version,
        prepared_by=prepared_by,
        today=today,
    )
    rendered = [
        RenderedDocument(
            title=str(item["title"]),
            filename=str(item["filename"]),
            data=compiled[spec.pk].render(context),
            copies=spec.copies,
            note=spec.note,
            template_version=versions[spec.pk].pk,
        )
        for spec, item in zip(included, listing, strict=True)
    ]
    contents = compiled_contents().render(context)
    archive = package_zip(rendered, extra={CONTENTS_NAME: contents})
    return Assembled(
        checked=checked,
        documents=rendered,
        archive=archive,
        render_ms=round((time.perf_counter() - started) * 1000),
        missing=missing,
    )
