# Production image: gunicorn serves the web app; the same image runs the Celery worker and beat.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    DJANGO_SETTINGS_MODULE=ivh.settings.production

WORKDIR /app
# WeasyPrint (PDFs) needs Pango, HarfBuzz and a font from the system.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
       libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*
RUN useradd --system --uid 1000 --home /app ivh

COPY pyproject.toml constraints.txt ./
RUN pip install -c constraints.txt .

COPY . .
# collectstatic needs settings but no database: give it throwaway values at build time only.
RUN SECRET_KEY=build-only-$(python -c "import secrets;print(secrets.token_urlsafe(48))") \
    DATABASE_URL=postgres://build@localhost/build REDIS_URL=redis://localhost:6379/0 \
    ALLOWED_HOSTS=localhost \
    python manage.py collectstatic --noinput

# The stuurgroep's documents: a volume (docker-compose.yml) that starts owned by the app's user.
RUN mkdir -p /srv/ivh/private && chown ivh /srv/ivh/private

USER ivh
EXPOSE 8000
# Behind a reverse proxy set IVH_TRUSTED_PROXY_HOPS=1 (the number of proxies): the client's
# address is then read from X-Forwarded-For for rate limits, the login lockout and the access
# log. --forwarded-allow-ips below only concerns the scheme (X-Forwarded-Proto), not the address.
ENV IVH_TRUSTED_PROXY_HOPS=0
CMD ["gunicorn", "ivh.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--timeout", "30", "--forwarded-allow-ips", "*", "--access-logfile", "-"]
