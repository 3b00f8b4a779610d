"""Where uploads are stored: a random name under governance/<folder>/YYYY/MM (the original name stays in the row)."""

import datetime
import secrets
from pathlib import PurePath
from typing import Any


def _upload_to(folder: str, filename: str) -> str:
    suffix = PurePath(filename).suffix.lower()[:8]
    return f"governance/{folder}/{datetime.date.today():%Y/%m}/{secrets.token_hex(12)}{suffix}"


def document_upload_to(instance: Any, filename: str) -> str:
    return _upload_to("documents", filename)


def evidence_upload_to(instance: Any, filename: str) -> str:
    return _upload_to("evidence", filename)
