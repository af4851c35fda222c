#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the test suite.
#
#   .ci/postgres.sh start DIR   initdb in DIR, start on a free loopback port,
#                               print the cluster's URL (alone, on stdout)
#   .ci/postgres.sh stop DIR    stop that cluster and delete DIR
#   .ci/postgres.sh run CMD…    start one in a temporary directory, run CMD
#                               with TEST_DATABASE_URL set to it, stop it
#
# Installs Debian's `postgresql` package when no initdb is found. The cluster
# runs as an unprivileged user (initdb refuses root): the caller, or `nobody`
# when the caller is root. It listens on 127.0.0.1 only, with a random
# password, and trades durability for speed (fsync off): it holds nothing
# that must survive a crash.
set -euo pipefail

log() { echo "postgres.sh: $*" >&2; }

pg_bindir() {
    local initdb
    if initdb=$(command -v initdb); then
        dirname "$(readlink -f "$initdb")"
        return 0
    fi
    # Debian keeps the server binaries off PATH, one directory per major version.
    local dir
    dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
    [ -n "$dir" ] && [ -x "$dir/initdb" ] && echo "$dir"
}

install_postgresql() {
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    log "initdb not found; installing Debian's postgresql package"
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
}

# Run a command as the cluster's owner.
as_owner() {
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u nobody -- "$@"
    else
        "$@"
    fi
}

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

start() {
    local dir=$1 bindir port password
    bindir=$(pg_bindir) || { install_postgresql; bindir=$(pg_bindir); } \
        || { log "no PostgreSQL server binaries after installing"; exit 1; }
    mkdir -p "$dir"
    [ "$(id -u)" -eq 0 ] && chown nobody "$dir" && chmod 700 "$dir"
    password=$(python3 -c 'import secrets; print(secrets.token_hex(16))')
    # md5, not SCRAM: SCRAM's deliberately slow hashing costs ~15 ms a
    # connection and the suite opens thousands (one per request). initdb
    # stores a password given already hashed ("md5" + md5(password + user))
    # as it is. Fine for a loopback-only cluster with a random password.
    python3 -c 'import hashlib, sys; print("md5" + hashlib.md5(sys.argv[1].encode()).hexdigest())' \
        "${password}pgtest" > "$dir/pwfile"
    [ "$(id -u)" -eq 0 ] && chown nobody "$dir/pwfile"
    as_owner "$bindir/initdb" --pgdata "$dir/data" --username pgtest --pwfile "$dir/pwfile" \
        --auth-local md5 --auth-host md5 --encoding UTF8 --locale C.UTF-8 --no-sync >/dev/null
    rm -f "$dir/pwfile"
    # Two hosts of the end-to-end test, each 2 workers x 4 threads, plus the
    # tests' own connections: well under 200.
    cat >> "$dir/data/postgresql.conf" <<EOF
listen_addresses = '127.0.0.1'
unix_socket_directories = '$dir'
max_connections = 200
fsync = off
synchronous_commit = off
full_page_writes = off
# Its workers connect to the test databases, and CREATE or DROP DATABASE
# that finds one there waits for it to leave.
autovacuum = off
EOF
    # A port can be taken between choosing and binding it; try a few.
    local attempt
    for attempt in 1 2 3 4 5; do
        port=$(free_port)
        if as_owner "$bindir/pg_ctl" --pgdata "$dir/data" --log "$dir/server.log" --wait \
                --options "-p $port" start >/dev/null; then
            echo "$port" > "$dir/port"
            echo "postgresql://pgtest:$password@127.0.0.1:$port/postgres"
            return 0
        fi
        log "start on port $port failed (attempt $attempt):"; tail -n 5 "$dir/server.log" >&2 || true
    done
    exit 1
}

stop() {
    local dir=$1 bindir
    if [ -f "$dir/data/postmaster.pid" ] && bindir=$(pg_bindir); then
        as_owner "$bindir/pg_ctl" --pgdata "$dir/data" --mode fast --wait stop >/dev/null || true
    fi
    rm -rf "$dir"
}

run() {
    # On tmpfs when there is one: the tests create and drop a database each,
    # file work that a slow disk turns into minutes.
    local base=/dev/shm url
    [ -d "$base" ] && [ -w "$base" ] || base=${TMPDIR:-/tmp}
    CLUSTER=$(mktemp -d "$base/statements-pg.XXXXXX")
    trap 'stop "$CLUSTER"' EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
    url=$(start "$CLUSTER")
    log "throwaway cluster on 127.0.0.1:$(cat "$CLUSTER/port")"
    TEST_DATABASE_URL=$url "$@"
}

case "${1:-}" in
    start) start "${2:?usage: $0 start DIR}" ;;
    stop) stop "${2:?usage: $0 stop DIR}" ;;
    run) shift; [ $# -gt 0 ] || { echo "usage: $0 run COMMAND…" >&2; exit 2; }; run "$@" ;;
    *) echo "usage: $0 start DIR | stop DIR | run COMMAND…" >&2; exit 2 ;;
esac
