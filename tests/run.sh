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
  printf "%s" "netral-test" | gnome-keyring-daemon --unlock --components=secrets >/dev/null
  exec "$0" -m pytest "$@"
' "$PYTHON" "$@"
