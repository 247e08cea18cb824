#!/usr/bin/env bash
# A shared Bazel cache for a team: Debian's nginx (built with its WebDAV module) serves
# Bazel's HTTP remote cache protocol (GET and PUT of /ac/<hash> and /cas/<hash>).
#
#   tools/remote_cache.sh start     # nginx on $AKUMA_CACHE_LISTEN (default 127.0.0.1:9092)
#   tools/remote_cache.sh status
#   tools/remote_cache.sh stop
#   tools/remote_cache.sh demo      # two "machines" (clones, output bases): the second
#                                   # `bazel test //...` executes 0 tests, served by the cache
#
# Then `bazel test //... --config=remote_cache` (.bazelrc) reads and fills it. For a team,
# start it with AKUMA_CACHE_LISTEN=0.0.0.0:9092 on one machine and point the others at it:
# `--config=remote_cache --remote_cache=http://HOST:9092`. The store is
# $AKUMA_CACHE_DIR/store (default ~/.cache/akuma-remote-cache); nothing expires it: stop
# the cache and delete the store to start afresh.
set -euo pipefail

CACHE_DIR="${AKUMA_CACHE_DIR:-$HOME/.cache/akuma-remote-cache}"
LISTEN="${AKUMA_CACHE_LISTEN:-127.0.0.1:9092}"
NGINX=/usr/sbin/nginx

die() { echo "remote_cache: $*" >&2; exit 1; }

need_nginx() {
  [ -x "$NGINX" ] || die "nginx is missing: run tools/setup.sh"
  "$NGINX" -V 2>&1 | grep -q -- --with-http_dav_module || die "this nginx has no WebDAV module (PUT)"
}

write_config() {
  mkdir -p "$CACHE_DIR/store" "$CACHE_DIR/tmp"
  # As root, nginx's workers would drop to www-data and could not write the store.
  local user=""
  [ "$(id -u)" -eq 0 ] && user="user root;"
  cat > "$CACHE_DIR/nginx.conf" <<EOF
# Written by tools/remote_cache.sh: Bazel's HTTP remote cache in $CACHE_DIR/store.
$user
worker_processes 2;
pid $CACHE_DIR/nginx.pid;
error_log $CACHE_DIR/error.log;
events { worker_connections 256; }
http {
  access_log off;
  client_body_temp_path $CACHE_DIR/tmp/body;
  proxy_temp_path $CACHE_DIR/tmp/proxy;
  fastcgi_temp_path $CACHE_DIR/tmp/fastcgi;
  uwsgi_temp_path $CACHE_DIR/tmp/uwsgi;
  scgi_temp_path $CACHE_DIR/tmp/scgi;
  server {
    listen $LISTEN;
    location / {
      root $CACHE_DIR/store;
      # Bazel stores with PUT (into /ac/ and /cas/) and reads with GET; a miss is a 404.
      dav_methods PUT;
      create_full_put_path on;
      dav_access user:rw group:r all:r;
      client_max_body_size 0;
    }
  }
}
EOF
}

running() { [ -f "$CACHE_DIR/nginx.pid" ] && kill -0 "$(cat "$CACHE_DIR/nginx.pid" 2>/dev/null)" 2>/dev/null; }

start() {
  need_nginx
  if running; then echo "remote_cache: already running (http://$LISTEN/, store $CACHE_DIR/store)"; return; fi
  write_config
  "$NGINX" -q -e "$CACHE_DIR/error.log" -p "$CACHE_DIR" -c "$CACHE_DIR/nginx.conf" ||
    die "nginx did not start: see $CACHE_DIR/error.log"
  # A round trip proves the store is writable before Bazel relies on it.
  local probe="http://$LISTEN/probe-$$"
  curl -sf -X PUT --data-binary ok "$probe" >/dev/null && [ "$(curl -sf "$probe")" = ok ] ||
    die "nginx runs but PUT/GET fails: see $CACHE_DIR/error.log"
  rm -f "$CACHE_DIR/store/probe-$$"
  echo "remote_cache: serving http://$LISTEN/ from $CACHE_DIR/store; use bazel test //... --config=remote_cache"
}

stop() {
  if running; then
    "$NGINX" -q -e "$CACHE_DIR/error.log" -p "$CACHE_DIR" -c "$CACHE_DIR/nginx.conf" -s quit
    local n=0
    while running && [ $n -lt 50 ]; do sleep 0.1; n=$((n + 1)); done
    echo "remote_cache: stopped"
  else
    echo "remote_cache: not running"
  fi
}

status() {
  if running; then
    echo "remote_cache: running, http://$LISTEN/, $(du -sh "$CACHE_DIR/store" | cut -f1) in $CACHE_DIR/store"
  else
    echo "remote_cache: not running"; return 1
  fi
}

# Two "machines": two clones of this repository's HEAD in different directories, each with
# its own Bazel output base and no disk cache, sharing only a fresh cache on a free port.
demo() {
  local repo port log
  # Global, not local: the EXIT trap runs after this function has returned.
  repo="$(git -C "$(dirname "$0")/.." rev-parse --show-toplevel)"
  work="$(mktemp -d "${TMPDIR:-/tmp}/akuma-cache-demo.XXXXXX")"
  port="$(/usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
  CACHE_DIR="$work/cache"
  LISTEN="127.0.0.1:$port"
  cleanup() {
    for m in a b; do
      [ -d "$work/$m" ] && (cd "$work/$m" && tools/bazel --output_base="$work/base-$m" shutdown) >/dev/null 2>&1
    done
    stop >/dev/null
    chmod -R u+w "$work" 2>/dev/null || true
    rm -rf "$work"
  }
  trap cleanup EXIT
  start
  local flags=(--config=remote_cache "--remote_cache=http://$LISTEN" --disk_cache=)
  for m in a b; do
    git clone -q "$repo" "$work/$m"
    echo "== machine $m: bazel test //... in a clone of $(git -C "$work/$m" rev-parse --short HEAD), own output base, no disk cache"
    local start=$SECONDS
    log="$work/$m.log"
    (cd "$work/$m" && tools/bazel --output_base="$work/base-$m" test //... "${flags[@]}") >"$log" 2>&1 ||
      { tail -30 "$log"; die "machine $m: bazel test failed"; }
    grep -E "^(INFO: [0-9]+ processes|Executed)" "$log"
    echo "== machine $m: $((SECONDS - start)) s; the cache holds $(du -sh "$CACHE_DIR/store" | cut -f1)"
  done
  grep -q "^Executed 0 out of" "$log" || die "machine b executed tests: the cache did not serve them"
  echo "remote_cache: machine b executed 0 tests, every result came from the cache"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  demo) demo ;;
  *) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
