#!/usr/bin/env bash
# Run the whole test suite: offscreen Qt, and a real Secret Service (gnome-keyring) on a private
# D-Bus session with a throw-away keyring folder, so the tests use the OS keyring for real.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-.venv/bin/python}
export QT_QPA_PLATFORM=offscreen
export NETRAL_TEST_KEYRING=1
keyring_home=$(mktemp -d)
pg_dir=""
run_as=()
cleanup() {
  if [ -n "$pg_dir" ]; then
    "${run_as[@]}" "$PGBIN/pg_ctl" -D "$pg_dir/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$pg_dir"
  fi
  rm -rf "$keyring_home"
}
trap cleanup EXIT

# A throw-away PostgreSQL cluster on a free local port, for the tests that run on both engines
# (unless NETRAL_TEST_PG_URL already names a server). Durability is off: it is thrown away.
PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "${NETRAL_TEST_PG_URL:-}" ] && [ -n "$PGBIN" ] && [ -x "$PGBIN/initdb" ]; then
  pg_dir=$(mktemp -d /tmp/netral-pg.XXXXXX)
  if [ "$(id -u)" -eq 0 ]; then
    chown postgres "$pg_dir"  # initdb refuses to run as root
    run_as=(runuser -u postgres --)
  fi
  "${run_as[@]}" "$PGBIN/initdb" -D "$pg_dir/data" -A trust -U postgres -E UTF8 \
    --locale=C.UTF-8 >/dev/null
  port=$("$PYTHON" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  "${run_as[@]}" "$PGBIN/pg_ctl" -D "$pg_dir/data" -w -l "$pg_dir/server.log" -o \
    "-p $port -k $pg_dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" \
    start >/dev/null
  export NETRAL_TEST_PG_URL="postgresql+psycopg://postgres@127.0.0.1:$port/postgres"
  echo "PostgreSQL test server: $("$PGBIN/postgres" --version) on port $port"
fi
export XDG_DATA_HOME="$keyring_home/data" XDG_RUNTIME_DIR="$keyring_home/run"
mkdir -p "$XDG_DATA_HOME" "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"
dbus-run-session -- bash -c '
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
