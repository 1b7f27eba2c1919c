#!/usr/bin/env bash
# Run the whole test suite: offscreen Qt, and a real Secret Service (gnome-keyring) on a private
# D-Bus session with a throw-away keyring folder, so the tests use the OS keyring for real.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-.venv/bin/python}
export QT_QPA_PLATFORM=offscreen
export NETRAL_TEST_KEYRING=1
keyring_home=$(mktemp -d)
trap 'rm -rf "$keyring_home"' EXIT
export XDG_DATA_HOME="$keyring_home/data" XDG_RUNTIME_DIR="$keyring_home/run"
mkdir -p "$XDG_DATA_HOME" "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"
exec dbus-run-session -- bash -c '
  # The keyring daemon is kept running: if it ever exits, it is started again at once with
  # the same (unlocked) keyring, so one lost daemon cannot fail the rest of the suite.
  supervise() {
    while :; do
      printf "%s" "netral-test" |
        gnome-keyring-daemon --foreground --replace --unlock --components=secrets \
          >/dev/null 2>&1 || true
      sleep 0.5
    done
  }
  supervise & supervisor=$!
  for _try in $(seq 100); do
    "$0" -c "import keyring; keyring.set_password(\"netral-test-probe\", \"ready\", \"1\")" \
      2>/dev/null && break
    sleep 0.1
  done
  status=0
  "$0" -m pytest "$@" || status=$?
  kill "$supervisor" 2>/dev/null || true
  pkill -P "$supervisor" 2>/dev/null || true
  exit "$status"
' "$PYTHON" "$@"
