from typing import Any

import pytest

from konstruktor.documents.rendering import CACHE


@pytest.fixture(autouse=True)
def media_root(settings: Any, tmp_path: Any) -> Any:
    """Generated files and uploaded templates go to a temporary directory."""
    settings.MEDIA_ROOT = tmp_path / "media"
    CACHE.clear()
    return settings.MEDIA_ROOT
