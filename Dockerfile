# Konstruktor: gunicorn behind your reverse proxy (TLS ends at the proxy).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=konstruktor.settings \
    KONSTRUKTOR_VAR_DIR=/app/var \
    STATIC_ROOT=/app/staticfiles \
    MEDIA_ROOT=/app/var/media \
    WEB_CONCURRENCY=3

RUN groupadd --system konstruktor \
    && useradd --system --gid konstruktor --home-dir /app --shell /usr/sbin/nologin konstruktor

WORKDIR /app
COPY . /app
# Editable install: settings find templates/ and static/ next to the package (BASE_DIR = /app).
RUN pip install -e . \
    && DEBUG=0 SECRET_KEY=collectstatic-build-only konstruktor collectstatic --noinput \
    && mkdir -p /app/var/media /app/var/cache \
    && chown -R konstruktor:konstruktor /app/var

USER konstruktor
EXPOSE 8000
VOLUME ["/app/var"]

# Migrations run at every start (they are idempotent), then the CMD replaces the shell.
ENTRYPOINT ["sh", "-c", "konstruktor migrate --noinput && exec \"$@\"", "--"]
# Workers: WEB_CONCURRENCY. Imports run in a thread of the worker that started them.
CMD ["gunicorn", "konstruktor.wsgi", "--bind", "0.0.0.0:8000", "--timeout", "120", "--access-logfile", "-"]
