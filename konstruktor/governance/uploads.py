"""What may be uploaded as a group document or an item's evidence: type and size, checked by content."""

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

from konstruktor.governance.errors import UploadRejected

# extension → signatures the file must start with (office formats are ZIP containers).
_ZIP = (b"PK\x03\x04",)
ALLOWED: dict[str, tuple[bytes, ...]] = {
    ".pdf": (b"%PDF-",),
    ".docx": _ZIP,
    ".xlsx": _ZIP,
    ".odt": _ZIP,
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
}
ALLOWED_LABEL = "PDF, DOCX, XLSX, ODT, PNG, JPG"


def max_upload_bytes() -> int:
    return int(getattr(settings, "GOVERNANCE_MAX_UPLOAD_BYTES", 20 * 1024 * 1024))


def upload_check(upload: UploadedFile) -> None:
    """Refuse files of other types (by extension and by their first bytes) or larger than the limit."""
    name = (upload.name or "").lower()
    extension = name[name.rfind(".") :] if "." in name else ""
    if extension not in ALLOWED:
        raise UploadRejected(f"Файл «{upload.name}» не принят: допустимы {ALLOWED_LABEL}.")
    limit = max_upload_bytes()
    if (upload.size or 0) > limit:
        raise UploadRejected(
            f"Файл «{upload.name}» больше {limit // (1024 * 1024)} МБ ({(upload.size or 0) / 2**20:.1f} МБ)."
        )
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if not any(head.startswith(signature) for signature in ALLOWED[extension]):
        raise UploadRejected(
            f"Файл «{upload.name}» не похож на {extension[1:].upper()}: содержимое не совпадает с расширением."
        )
