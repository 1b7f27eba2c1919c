#!/usr/bin/env bash
# Run the whole test suite: offscreen Qt, a real Secret Service (gnome-keyring) with a throw-away
# keyring folder, and a throw-away PostgreSQL cluster, so the tests use the real parts.
#
# The suite runs on every core (pytest-xdist, NETRAL_TEST_WORKERS overrides the count). Each
# worker gets its own D-Bus session and keyring daemon: tests that count the keyring's entries
# must not see another worker's. The PostgreSQL server is shared; every test has its own database.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-.venv/bin/python}
export QT_QPA_PLATFORM=offscreen
export NETRAL_TEST_KEYRING=1
keyring_home=$(mktemp -d)
pg_dir=""
run_as=()
daemon_pids=()
cleanup() {
  for pid in "${daemon_pids[@]}"; do
    pkill -P "$pid" 2>/dev/null || true
    kill "$pid" 2>/dev/null || true
  done
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

workers=${NETRAL_TEST_WORKERS:-$(nproc 2>/dev/null || echo 1)}
[ "$workers" -le 4 ] || workers=4
"$PYTHON" -c 'import xdist' 2>/dev/null || workers=1

# One private D-Bus session with an unlocked keyring per worker. The keyring daemon is kept
# running: if it ever exits, it is started again at once with the same keyring, so one lost
# daemon cannot fail the rest of the suite.
start_keyring() {
  local index=$1 dir="$keyring_home/$1" bus
  mkdir -p "$dir/data" "$dir/run"
  chmod 700 "$dir/run"
  bus=$(XDG_RUNTIME_DIR="$dir/run" dbus-daemon --session --fork --nopidfile \
    --print-address=1 --print-pid=1 | tr '\n' ' ')
  daemon_pids+=("${bus#* }")
  bus=${bus%% *}
  (
    export DBUS_SESSION_BUS_ADDRESS="$bus" XDG_DATA_HOME="$dir/data" XDG_RUNTIME_DIR="$dir/run"
    while :; do
      printf "%s" "netral-test" |
        gnome-keyring-daemon --foreground --replace --unlock --components=secrets \
          >/dev/null 2>&1 || true
      sleep 0.5
    done
  ) 2>/dev/null &
  daemon_pids+=("$!")
  for _try in $(seq 100); do
    DBUS_SESSION_BUS_ADDRESS="$bus" "$PYTHON" -c \
      'import keyring; keyring.set_password("netral-test-probe", "ready", "1")' 2>/dev/null && break
    sleep 0.1
  done
  export "NETRAL_TEST_BUS_$index=$bus"
}
for index in $(seq 0 $((workers - 1))); do
  start_keyring "$index"
done
# The controlling process (and a run on one worker) uses the first session.
export DBUS_SESSION_BUS_ADDRESS="$NETRAL_TEST_BUS_0"
export XDG_DATA_HOME="$keyring_home/0/data" XDG_RUNTIME_DIR="$keyring_home/0/run"

parallel=()
[ "$workers" -le 1 ] || parallel=(-n "$workers" --dist "${NETRAL_TEST_DIST:-loadfile}")
"$PYTHON" -m pytest "${parallel[@]}" "$@"
