"""Time spent in database calls, summed with connection.execute_wrapper."""

import time
from collections.abc import Callable
from typing import Any


class DbTimer:
    """Sums the time spent in database calls (connection.execute_wrapper)."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self.count = 0

    def __call__(self, execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - started
            self.count += 1
