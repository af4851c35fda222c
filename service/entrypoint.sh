#!/bin/sh
# Container entrypoint: migrate (safe on every start, and from several
# replicas at once), optionally load the seed dataset, then exec the command
# (gunicorn by default) so it runs as PID 1 and receives signals.
set -eu

flask --app service db upgrade
if [ "${LOAD_FIXTURES:-0}" = "1" ]; then
  flask --app service fixtures load
fi

if [ "${1:-}" = "gunicorn" ]; then
  shift
  exec gunicorn --bind "${HOST:-0.0.0.0}:${PORT:-8000}" --worker-class gthread \
    --workers "${WEB_CONCURRENCY:-2}" --threads "${THREADS:-4}" \
    --access-logfile - "$@"
fi
exec "$@"
