# Production image: gunicorn serves the web app; the same image runs the Celery worker and beat.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    DJANGO_SETTINGS_MODULE=ivh.settings.production

WORKDIR /app
RUN useradd --system --uid 1000 --home /app ivh

COPY pyproject.toml constraints.txt ./
RUN pip install -c constraints.txt .

COPY . .
# collectstatic needs settings but no database: give it throwaway values at build time only.
RUN SECRET_KEY=build-only-$(python -c "import secrets;print(secrets.token_urlsafe(48))") \
    DATABASE_URL=postgres://build@localhost/build REDIS_URL=redis://localhost:6379/0 \
    ALLOWED_HOSTS=localhost \
    python manage.py collectstatic --noinput

USER ivh
EXPOSE 8000
CMD ["gunicorn", "ivh.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--timeout", "30", "--forwarded-allow-ips", "*", "--access-logfile", "-"]
