#!/bin/sh
# Creates the application's database role (it owns nothing); `manage.py grant_app_role`, run by
# the `migrate` service after every migration, gives it its privileges (docs/security-database.md).
# Runs once, on a fresh data volume (the official image's /docker-entrypoint-initdb.d).
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
     -v app_password="$POSTGRES_APP_PASSWORD" <<'SQL'
CREATE ROLE ivh_app LOGIN PASSWORD :'app_password' NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT;
SQL
