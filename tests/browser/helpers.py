"""What the browser tests share besides fixtures."""

from typing import Any

import pytest

# Browser tests drive the live server in another thread, so it must see committed rows: a
# transactional database, restored before each test from the serialized migration data.
BROWSER_TEST = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
# Every user built by UserFactory gets this password.
PASSWORD = "pass-12345"


def log_in(page: Any, username: str, password: str = PASSWORD) -> None:
    """Through the real login form, as a person would."""
    page.goto("/accounts/login/")
    page.get_by_label("Имя пользователя").fill(username)
    page.get_by_label("Пароль").fill(password)
    page.get_by_role("button", name="Войти").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
