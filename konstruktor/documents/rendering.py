"""Fast DOCX rendering with docxtpl's template syntax, ZIP assembly and PDF through LibreOffice.

A template is compiled once per version: docxtpl's own XML patching (so `{%p %}`, `{%tr %}` and
split runs behave exactly as in docxtpl) and a compiled Jinja template for each templated part.
A render is then one Jinja call per part and a ZIP rewrite — no python-docx round trip — which
keeps a whole package well under the time budget.
"""

import datetime
import io
import re
import shutil
import struct
import subprocess
import tempfile
import threading
import zipfile
import zlib
from collections import OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
from docxtpl import DocxTemplate
from lxml import etree

from konstruktor.documents.context import ChoiceValue
from konstruktor.documents.errors import RenderError
from konstruktor.documents.naming import inflect

TEMPLATED_PART = re.compile(r"word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml")
_PATCHER = DocxTemplate(None)  # docxtpl's XML patching; it keeps no state between calls
XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
MONTHS_GENITIVE = (
    "января", "февраля", "марта", "апреля", "мая", "июня",
    "июля", "августа", "сентября", "октября", "ноября", "декабря",
)  # fmt: skip
BLANK = "__________"


class BlankUndefined(jinja2.ChainableUndefined):
    """A missing answer prints as a line to fill in by hand, never as an error."""

    def __str__(self) -> str:
        return BLANK

    def __html__(self) -> str:
        return BLANK


def _as_date(value: Any) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            return None
    return None


def date_ru(value: Any) -> Any:
    day = _as_date(value)
    return f"{day:%d.%m.%Y}" if day else (value if value not in (None, "") else BLANK)


def date_long(value: Any) -> Any:
    day = _as_date(value)
    if day is None:
        return "«___» __________ 20__ г."
    return f"«{day.day:02d}» {MONTHS_GENITIVE[day.month - 1]} {day.year} г."


def rub(value: Any) -> str:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return str(value) if value not in (None, "") else BLANK
    text = f"{int(number):,}".replace(",", "\u00a0")
    return text if number.is_integer() else f"{text},{round((number % 1) * 100):02d}"


def lines(value: Any) -> list[str]:
    """Non-empty lines of a multi-line answer without list markers."""
    if value is None or isinstance(value, jinja2.Undefined):
        return []
    if isinstance(value, list):
        return [str(v) for v in value if str(v).strip()]
    result = []
    for line in str(value).splitlines():
        cleaned = re.sub(r"^\s*(?:[-–—•*]|\d+[.)])\s*", "", line).strip().rstrip(";")
        if cleaned:
            result.append(cleaned)
    return result


_ONES = ("ноль", "один", "два", "три", "четыре", "пять", "шесть", "семь", "восемь", "девять", "десять",
         "одиннадцать", "двенадцать", "тринадцать", "четырнадцать", "пятнадцать", "шестнадцать",
         "семнадцать", "восемнадцать", "девятнадцать")  # fmt: skip
_TENS = ("", "", "двадцать", "тридцать", "сорок", "пятьдесят", "шестьдесят", "семьдесят", "восемьдесят", "девяносто")


def number_words(value: Any) -> str:
    """0–99 in words (masculine), for vote counts and terms: 3 → «три»."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return str(value)
    if 0 <= number < 20:
        return _ONES[number]
    if 20 <= number < 100:
        tens, ones = divmod(number, 10)
        return _TENS[tens] + (f" {_ONES[ones]}" if ones else "")
    return str(number)


def plural(value: Any, one: str, few: str, many: str) -> str:
    try:
        number = abs(int(value))
    except (TypeError, ValueError):
        return many
    if number % 10 == 1 and number % 100 != 11:
        return one
    if 2 <= number % 10 <= 4 and not 12 <= number % 100 <= 14:
        return few
    return many


def case(value: Any, grammatical_case: str) -> str:
    """A choice's label or a phrase in another case: {{ director_title|case('gent')|lower }} → «директора»."""
    text = value.label if isinstance(value, ChoiceValue) else str(value or "")
    return inflect(text, grammatical_case) if text else BLANK


def labels(values: Any) -> list[str]:
    """Labels of chosen options: {{ activity_areas|labels|join('; ') }}."""
    if not isinstance(values, list | tuple):
        return []
    result = []
    for value in values:
        text = value.label if isinstance(value, ChoiceValue) else str(value)
        # «Социальное обслуживание» reads «социальное обслуживание» inside a sentence; «СВО» stays.
        result.append(text[:1].lower() + text[1:] if text[1:2].islower() else text)
    return result


def upper_first(value: Any) -> str:
    text = str(value or "")
    return text[:1].upper() + text[1:]


def _finalize(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, ChoiceValue):
        return value.label
    if isinstance(value, bool):
        return "да" if value else "нет"
    if isinstance(value, datetime.date):
        return f"{value:%d.%m.%Y}"
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, list):
        return ", ".join(str(_finalize(v)) for v in value)
    return value


FILTERS: dict[str, Callable[..., Any]] = {
    "date_ru": date_ru,
    "date_long": date_long,
    "rub": rub,
    "lines": lines,
    "number_words": number_words,
    "plural": plural,
    "upper_first": upper_first,
    "case": case,
    "labels": labels,
}


def jinja_env() -> jinja2.Environment:
    env = jinja2.Environment(autoescape=True, undefined=BlankUndefined, finalize=_finalize)
    env.filters.update(FILTERS)
    return env


ENV = jinja_env()


def prepare_part(xml: bytes) -> str:
    """docxtpl's patched XML of a part, one paragraph per line (line numbers = paragraphs)."""
    root = etree.fromstring(xml)
    text = etree.tostring(root, encoding="unicode", pretty_print=False)
    text = _PATCHER.patch_xml(text)
    return re.sub(r"<w:p([ >])", r"\n<w:p\1", text)


def has_tags(text: str) -> bool:
    return "{{" in text or "{%" in text or "{#" in text


@dataclass(frozen=True)
class _Entry:
    """A ZIP member compressed once: unchanged parts are copied as raw deflate bytes."""

    name: str
    date_time: tuple[int, int, int, int, int, int]
    crc: int
    size: int
    payload: bytes  # raw deflate stream
    method: int = 8


def _deflate(data: bytes, level: int = 6) -> bytes:
    compressor = zlib.compressobj(level, zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush()


def _entry(name: str, date_time: tuple[int, int, int, int, int, int], data: bytes, level: int = 6) -> _Entry:
    return _Entry(name, date_time, zlib.crc32(data), len(data), _deflate(data, level))


def _dos_time(date_time: tuple[int, int, int, int, int, int]) -> tuple[int, int]:
    year, month, day, hour, minute, second = date_time
    year = max(year, 1980)
    return (hour << 11) | (minute << 5) | (second // 2), ((year - 1980) << 9) | (month << 5) | day


def write_zip(entries: list[_Entry]) -> bytes:
    """A plain ZIP (deflate, UTF-8 names) from precompressed members."""
    out = io.BytesIO()
    central = io.BytesIO()
    for entry in entries:
        offset = out.tell()
        name = entry.name.encode("utf-8")
        dos_time, dos_date = _dos_time(entry.date_time)
        fields = (20, 0x0800, entry.method, dos_time, dos_date, entry.crc, len(entry.payload), entry.size, len(name))
        out.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, *fields, 0))
        out.write(name)
        out.write(entry.payload)
        central.write(struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, *fields, 0, 0, 0, 0, 0, offset))
        central.write(name)
    directory = central.getvalue()
    start = out.tell()
    out.write(directory)
    out.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries), len(directory), start, 0))
    return out.getvalue()


# Computed names that stand for parameters (their notes go to the contents sheet).
PARAMETER_ALIASES = {
    "duty_rub": ("registration_duty_rub",),
    "timeline": ("minjust_decision_working_days_7fz", "minjust_decision_days_82fz", "fns_entry_working_days"),
}
_PARAMETER_USE = re.compile(r"\bparam(?:s|_notes)\.(\w+)|\b(" + "|".join(PARAMETER_ALIASES) + r")\b")


def parameter_keys(source: str) -> set[str]:
    keys: set[str] = set()
    for key, alias in _PARAMETER_USE.findall(source):
        keys.update((key,) if key else PARAMETER_ALIASES[alias])
    return keys


@dataclass
class CompiledTemplate:
    entries: list[_Entry]
    parts: dict[str, jinja2.Template] = field(default_factory=dict)
    parameters: set[str] = field(default_factory=set)

    def render(self, context: Mapping[str, Any]) -> bytes:
        members: list[_Entry] = []
        for entry in self.entries:
            template = self.parts.get(entry.name)
            if template is None:
                members.append(entry)
                continue
            try:
                xml = template.render(context)
            except jinja2.TemplateError as exc:
                raise RenderError(f"Шаблон не удалось заполнить: {exc}") from exc
            xml = re.sub(r"\n<w:p([ >])", r"<w:p\1", xml)
            xml = xml.replace("{_{", "{{").replace("}_}", "}}").replace("{_%", "{%").replace("%_}", "%}")
            if any(char in xml for char in "\n\t\a\f"):
                xml = _PATCHER.resolve_listing(xml)
            payload = (XML_DECLARATION + xml).encode("utf-8")
            try:
                etree.fromstring(payload)
            except etree.XMLSyntaxError as exc:
                raise RenderError(f"После заполнения документ повреждён ({entry.name}): {exc}") from exc
            members.append(_entry(entry.name, entry.date_time, payload, level=1))
        return write_zip(members)


def compile_docx(data: bytes, env: jinja2.Environment = ENV) -> CompiledTemplate:
    """Raises zipfile.BadZipFile, KeyError (no document.xml), jinja2 errors — see checking.py."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        raw = [(info, archive.read(info.filename)) for info in archive.infolist()]
    if "word/document.xml" not in {info.filename for info, _ in raw}:
        raise KeyError("word/document.xml")
    compiled = CompiledTemplate(entries=[_entry(info.filename, info.date_time, payload) for info, payload in raw])
    for info, payload in raw:
        if TEMPLATED_PART.fullmatch(info.filename):
            source = prepare_part(payload)
            if has_tags(source):
                compiled.parts[info.filename] = env.from_string(source)
                compiled.parameters |= parameter_keys(source)
    return compiled


class _Cache:
    """Compiled templates by key (a template version never changes once saved)."""

    def __init__(self, size: int = 256) -> None:
        self.size = size
        self.items: OrderedDict[Any, CompiledTemplate] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: Any, load: Callable[[], bytes]) -> CompiledTemplate:
        with self.lock:
            found = self.items.get(key)
            if found is not None:
                self.items.move_to_end(key)
                return found
        compiled = compile_docx(load())
        with self.lock:
            self.items[key] = compiled
            while len(self.items) > self.size:
                self.items.popitem(last=False)
        return compiled

    def clear(self) -> None:
        with self.lock:
            self.items.clear()


CACHE = _Cache()


@dataclass(frozen=True)
class RenderedDocument:
    title: str
    filename: str
    data: bytes
    copies: int = 1
    note: str = ""
    template_version: int | None = None


def safe_filename(text: str) -> str:
    cleaned = re.sub(r'[\\/:*?"<>|\r\n\t]+', " ", text).strip()
    return re.sub(r"\s+", " ", cleaned)[:100] or "документ"


def package_zip(documents: list[RenderedDocument], *, extra: Mapping[str, bytes] | None = None) -> bytes:
    """The package archive; DOCX members are already compressed, so they are stored as is."""
    out = io.BytesIO()
    now = datetime.datetime.now().timetuple()[:6]
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in [*(extra or {}).items(), *((d.filename, d.data) for d in documents)]:
            info = zipfile.ZipInfo(name, date_time=now)
            info.compress_type = zipfile.ZIP_STORED if name.endswith((".docx", ".pdf")) else zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    return out.getvalue()


def zip_members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


# --- PDF through LibreOffice --------------------------------------------------------------------


def soffice_path() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


PDF_UNAVAILABLE = (
    "PDF недоступен: на сервере не установлен LibreOffice (soffice). Скачайте документы в формате DOCX — "
    "они открываются в Word и LibreOffice и печатаются без изменений."
)


def pdf_convert(files: Mapping[str, bytes], *, timeout: int = 180) -> dict[str, bytes]:
    """DOCX name → PDF bytes, all in one LibreOffice run with a private profile."""
    soffice = soffice_path()
    if soffice is None:
        raise RenderError(PDF_UNAVAILABLE)
    with tempfile.TemporaryDirectory(prefix="konstruktor-pdf-") as tmp:
        root = Path(tmp)
        source, target, profile = root / "in", root / "out", root / "profile"
        source.mkdir()
        target.mkdir()
        stems: dict[str, str] = {}
        for index, (name, data) in enumerate(files.items()):
            stem = f"doc{index:03d}"
            (source / f"{stem}.docx").write_bytes(data)
            stems[stem] = name
        command = [
            soffice,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(target),
            *[str(source / f"{stem}.docx") for stem in stems],
        ]
        try:
            subprocess.run(command, check=True, capture_output=True, timeout=timeout)
        except (subprocess.SubprocessError, OSError) as exc:
            raise RenderError("LibreOffice не смог преобразовать документы в PDF; скачайте DOCX.") from exc
        result: dict[str, bytes] = {}
        for stem, name in stems.items():
            pdf = target / f"{stem}.pdf"
            if not pdf.exists():
                raise RenderError(f"LibreOffice не создал PDF для «{name}»; скачайте DOCX.")
            result[re.sub(r"\.docx$", ".pdf", name)] = pdf.read_bytes()
        return result


__all__ = ["CACHE", "ENV", "PDF_UNAVAILABLE", "RenderedDocument", "compile_docx", "package_zip"]
