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
  # Settings from the environment (HOST, PORT, WEB_CONCURRENCY, THREADS):
  # service/gunicorn_conf.py; GUNICORN_CMD_ARGS adds to them.
  exec gunicorn -c service/gunicorn_conf.py "$@"
fi
exec "$@"
