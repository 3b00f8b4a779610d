"""Browser tests drive a live server from a thread of the synchronous Playwright loop."""

import os

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
