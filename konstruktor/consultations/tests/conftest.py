import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_cache():  # type: ignore[no-untyped-def]
    """The rate limit lives in the cache: every test starts with a clean count."""
    cache.clear()
    yield
    cache.clear()
