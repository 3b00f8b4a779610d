import pytest

from konstruktor.core.identifiers import (
    inn_error,
    inn_with_check,
    kpp_error,
    ogrn_error,
    ogrn_with_check,
    ogrnip_error,
    snils_error,
)


@pytest.mark.parametrize("value", ["7707083893", "1234567894", "123456789047", "770 708 3893"])
def test_valid_inn_passes(value: str) -> None:
    assert inn_error(value) is None


@pytest.mark.parametrize("value", ["1234567895", "123456789037", "12345", "77070838AB"])
def test_invalid_inn_gets_russian_message(value: str) -> None:
    message = inn_error(value)
    assert message is not None and "ИНН" in message


@pytest.mark.parametrize("value", ["1027700132195", "1022200525819", "1022500001325"])
def test_valid_ogrn_passes(value: str) -> None:
    assert ogrn_error(value) is None


def test_ogrn_with_wrong_check_digit_is_refused() -> None:
    assert "контрольное число" in (ogrn_error("1022500001328") or "")


def test_ogrn_of_new_subject_is_not_refused_for_its_region_code() -> None:
    # Region code 93 (ДНР) must not be rejected by a hard-coded list of subjects.
    assert ogrn_error(ogrn_with_check("122930000001")) is None


def test_ogrnip_uses_mod13_last_digit_not_remainder_or_zero() -> None:
    assert ogrnip_error("385768585948949") is None
    # A prefix whose remainder mod 13 is 11: the check digit is 1, which naive code rejects.
    prefix = next(f"3{n:013d}" for n in range(10**12, 10**12 + 500) if int(f"3{n:013d}") % 13 == 11)
    assert ogrnip_error(prefix + "1") is None
    assert ogrnip_error(prefix + "0") is not None


@pytest.mark.parametrize(
    "value,ok", [("590201001", True), ("7707AB001", True), ("77070100", False), ("7707ab001", True)]
)
def test_kpp_format(value: str, ok: bool) -> None:
    assert (kpp_error(value) is None) is ok


@pytest.mark.parametrize(
    "value,ok",
    [("112-233-445 95", True), ("010-242-368 77", True), ("010-242-368 00", False), ("001-001-998 00", True)],
)
def test_snils_check_number(value: str, ok: bool) -> None:
    assert (snils_error(value) is None) is ok


def test_generated_identifiers_are_valid() -> None:
    assert inn_error(inn_with_check("590412345")) is None
    assert ogrn_error(ogrn_with_check("115590000123")) is None
