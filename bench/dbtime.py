"""Time spent in database calls, summed with connection.execute_wrapper; CPU time of the
PostgreSQL backend (the server process serving this connection, when it runs on this machine)."""

import os
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


_BACKEND_PID: dict[int, int] = {}


def backend_cpu_seconds() -> float | None:
    """CPU seconds used so far by the PostgreSQL backend of Django's connection: 0.0 on SQLite
    (the database works inside this process, so the process CPU time includes it); None when
    the backend's /proc entry cannot be read (a server on another machine or in a container).

    The backend's pid is asked once per connection, so that a database timer sees no extra query.
    """
    from django.db import connection

    if connection.vendor != "postgresql":
        return 0.0
    connection.ensure_connection()
    key = id(connection.connection)
    if key not in _BACKEND_PID:
        with connection.connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            row = cursor.fetchone()
        _BACKEND_PID[key] = int(row[0]) if row else 0
    pid = _BACKEND_PID[key]
    try:  # nanoseconds on a CPU (schedstat); else clock ticks of user + system time (stat)
        with open(f"/proc/{pid}/schedstat", encoding="ascii") as handle:
            return int(handle.read().split()[0]) / 1e9
    except (OSError, IndexError, ValueError):
        pass
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    # utime and stime, fields 14 and 15 of /proc/<pid>/stat (counting the pid as field 1).
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
