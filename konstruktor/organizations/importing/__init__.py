"""Import of organizations from CSV/XLSX files into the registry, and the export row format.

reading  — format, encoding and delimiter detection; streamed rows
layouts  — target fields, known layouts, header synonyms, EXPORT_COLUMNS
parsing  — one row → values or Russian reasons
writing  — `organizations_import`: chunked, one transaction, history entries
jobs     — ImportJob lifecycle (upload, configure, start, run)
queries  — job visibility and progress
"""

from konstruktor.organizations.importing.layouts import (
    EXPORT_COLUMNS,
    LAYOUTS,
    TARGET_FIELDS,
    Layout,
    Mapping,
    layout_detect,
    mapping_detect,
    mapping_errors,
    mapping_guess,
    organization_export_row,
)
from konstruktor.organizations.importing.reading import (
    ImportFileError,
    SourceInfo,
    source_rows,
    source_sniff,
)
from konstruktor.organizations.importing.writing import (
    ImportReport,
    PreviewRow,
    Rejection,
    import_preview,
    organizations_import,
)

__all__ = [
    "EXPORT_COLUMNS",
    "LAYOUTS",
    "TARGET_FIELDS",
    "ImportFileError",
    "ImportReport",
    "Layout",
    "Mapping",
    "PreviewRow",
    "Rejection",
    "SourceInfo",
    "import_preview",
    "layout_detect",
    "mapping_detect",
    "mapping_errors",
    "mapping_guess",
    "organization_export_row",
    "organizations_import",
    "source_rows",
    "source_sniff",
]
