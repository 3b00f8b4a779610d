"""Check digits of Russian identifiers (FACTS.md §6).

Region codes are deliberately not validated here: a hard-coded list rejects ОГРН of the new
subjects and of the merged autonomous okrugs.
"""

import re

from django.core.exceptions import ValidationError

_INN10 = (2, 4, 10, 3, 5, 9, 4, 6, 8)
_INN12_1 = (7, 2, 4, 10, 3, 5, 9, 4, 6, 8)
_INN12_2 = (3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8)
KPP_RE = re.compile(r"\d{4}[\dA-Z]{2}\d{3}")


def _checksum(digits: str, weights: tuple[int, ...]) -> int:
    return sum(int(d) * w for d, w in zip(digits, weights, strict=False)) % 11 % 10


def digits_only(value: str) -> str:
    return re.sub(r"[\s\-]", "", value or "")


def inn_error(value: str) -> str | None:
    """Return a Russian message when the ИНН is wrong, else None."""
    s = digits_only(value)
    if not s.isdigit() or len(s) not in (10, 12):
        return "ИНН должен состоять из 10 цифр (организация) или 12 цифр (физическое лицо, ИП)."
    if len(s) == 10:
        ok = _checksum(s, _INN10) == int(s[9])
    else:
        d11 = _checksum(s, _INN12_1)
        d12 = _checksum(s[:10] + str(d11), _INN12_2)
        ok = (d11, d12) == (int(s[10]), int(s[11]))
    return None if ok else "Неверное контрольное число ИНН: проверьте, не перепутаны ли цифры."


def ogrn_error(value: str) -> str | None:
    s = digits_only(value)
    if not s.isdigit() or len(s) != 13:
        return "ОГРН организации состоит из 13 цифр."
    if s[0] not in "15":
        return "ОГРН юридического лица начинается с цифры 1 или 5."
    if int(s[:12]) % 11 % 10 != int(s[12]):
        return "Неверное контрольное число ОГРН: проверьте, не перепутаны ли цифры."
    return None


def ogrnip_error(value: str) -> str | None:
    s = digits_only(value)
    if not s.isdigit() or len(s) != 15:
        return "ОГРНИП состоит из 15 цифр."
    if s[0] != "3":
        return "ОГРНИП начинается с цифры 3."
    # The check digit is the last digit of the remainder mod 13 (not "remainder or 0").
    if int(s[:14]) % 13 % 10 != int(s[14]):
        return "Неверное контрольное число ОГРНИП: проверьте, не перепутаны ли цифры."
    return None


def kpp_error(value: str) -> str | None:
    s = (value or "").strip().upper()
    if not KPP_RE.fullmatch(s):
        return "КПП — 9 знаков: 4 цифры кода налогового органа, 2 цифры или латинские буквы причины постановки на учёт, 3 цифры."
    return None


def snils_error(value: str) -> str | None:
    s = digits_only(value)
    if not s.isdigit() or len(s) != 11:
        return "СНИЛС состоит из 11 цифр (например, 112-233-445 95)."
    if int(s[:9]) <= 1001998:  # the check number is not defined for the oldest numbers
        return None
    total = sum(int(c) * (9 - i) for i, c in enumerate(s[:9]))
    if total > 101:
        total %= 101
    expected = 0 if total in (100, 101) else total
    if expected != int(s[9:]):
        return "Неверное контрольное число СНИЛС: проверьте, не перепутаны ли цифры."
    return None


def _validator(check):  # type: ignore[no-untyped-def]
    def validate(value: str) -> None:
        message = check(value)
        if message:
            raise ValidationError(message, code="invalid")

    validate.__name__ = validate.__qualname__ = f"validate_{check.__name__.removesuffix('_error')}"
    return validate


validate_inn = _validator(inn_error)
validate_ogrn = _validator(ogrn_error)
validate_ogrnip = _validator(ogrnip_error)
validate_kpp = _validator(kpp_error)
validate_snils = _validator(snils_error)


def inn_with_check(prefix9: str) -> str:
    """Complete a 9-digit prefix into a valid 10-digit ИНН (demo data and benchmarks)."""
    return prefix9 + str(_checksum(prefix9, _INN10))


def ogrn_with_check(prefix12: str) -> str:
    return prefix12 + str(int(prefix12) % 11 % 10)
