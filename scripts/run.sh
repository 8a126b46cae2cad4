#!/usr/bin/env bash
# Migrates, seeds the demo network into an empty database, then runs the web server and the
# background worker until interrupted.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-.venv/bin}
PORT=${PORT:-8000}
HOST=127.0.0.1
# The development configuration, and mail links that point at this very server.
export DEBUG=1
export SITE_URL="http://${HOST}:${PORT}"

"$BIN/python" manage.py migrate --noinput -v 0
"$BIN/python" manage.py seed_demo --members "${DEMO_MEMBERS:-300}" --seed 1 --if-empty

"$BIN/python" manage.py db_worker &
worker=$!
# The calm daily digest of open requests: queued once a day, sent by the worker. The loop stops
# its own `sleep` when stopped, so nothing outlives the script.
(
  trap 'kill $! 2>/dev/null; exit 0' TERM
  while sleep 86400 & wait $!; do "$BIN/python" manage.py send_request_digest >/dev/null; done
) &
digest=$!
trap 'kill $worker $digest 2>/dev/null || true' EXIT INT TERM

echo
echo "Goodword is running at ${SITE_URL}/"
"$BIN/python" manage.py demo_login
echo "(stop with Ctrl-C)"
echo
"$BIN/python" manage.py runserver "${HOST}:${PORT}" --noreload
