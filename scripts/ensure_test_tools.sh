#!/usr/bin/env bash
# What `make test` needs beyond Python: Debian's Chromium for the browser tests, npm for the
# accessibility check's axe-core, msgfmt to compile the catalogues, wrk for the web benchmark's
# script test. Installed when missing and we are allowed to (root with apt); otherwise we say
# which package to install.
set -euo pipefail
need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
command -v npm >/dev/null 2>&1 || need+=(npm)
command -v msgfmt >/dev/null 2>&1 || need+=(gettext)
command -v wrk >/dev/null 2>&1 || need+=(wrk)
if [ ${#need[@]} -eq 0 ]; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing ${need[*]} for the tests…"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
else
  echo "Missing for the tests: ${need[*]}. Install with: sudo apt-get install ${need[*]}" >&2
  exit 1
fi
