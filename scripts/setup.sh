#!/usr/bin/env bash
# Idempotent set-up, fast the second time: npm dependencies, the TypeScript build, a Docker
# engine (Debian's docker.io, started detached, only when no engine answers), the offline base
# image (debootstrap) and the sandbox image. A machine that already has Docker is not touched
# beyond building images. Set BASE_IMAGE to use another base (e.g. node:22-bookworm-slim).
set -euo pipefail
cd "$(dirname "$0")/.."
STATE=.airlock
mkdir -p "$STATE"
say() { echo "setup: $*" >&2; }

# 1. npm dependencies (scripts of dependencies are not needed: dockerode's native parts are optional).
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "installing npm dependencies"
  # npm install, not npm ci: mockttp names an optional dependency the registry does not serve,
  # which npm ci reports as a lock mismatch. The lock file still pins every version.
  npm install --no-audit --no-fund --loglevel=error >&2
  touch node_modules/.package-lock.json
fi

# 2. build when any source is newer than the last build.
if [ ! -f dist/.stamp ] || [ -n "$(find src sandbox harness reports bin tsconfig*.json package.json -newer dist/.stamp -not -path '*/node_modules/*' -print -quit 2>/dev/null)" ]; then
  say "building"
  rm -rf dist
  npx tsc -p tsconfig.build.json
  touch dist/.stamp
fi

# 3. a Docker engine.
engine_ok() { curl -sf --max-time 5 --unix-socket /var/run/docker.sock http://localhost/_ping >/dev/null 2>&1 || { [ -n "${DOCKER_HOST:-}" ] && timeout 10 docker version >/dev/null 2>&1; }; }
if ! engine_ok; then
  if ! command -v dockerd >/dev/null 2>&1; then
    say "installing Debian's docker.io"
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker.io >&2
  fi
  # A pid file left by a dockerd that was killed (a previous session) would stop it starting.
  rm -f /var/run/docker.pid
  say "starting dockerd"
  # Its own session, output to a log file: it must not hold the caller's terminal or pipe open.
  setsid dockerd >/var/log/mcp-airlock-dockerd.log 2>&1 </dev/null &
  echo $! >"$STATE/dockerd.started-pid"
  for _ in $(seq 1 60); do engine_ok && break; sleep 0.5; done
  engine_ok || { say "dockerd did not start; see /var/log/mcp-airlock-dockerd.log"; exit 2; }
fi
# 3b. forkstat for host-side process tracing (Debian's package, a few hundred KiB). Without it
# analyses still run and the report says process tracing was unavailable.
if ! command -v forkstat >/dev/null 2>&1 && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  say "installing forkstat (process tracing)"
  { DEBIAN_FRONTEND=noninteractive apt-get install -y -qq forkstat || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq forkstat; }; } >&2 || say "forkstat not installed: process tracing will be unavailable"
fi
# 3c. gcc with a static libc, for the sandbox's own init (sandbox/image/init.c, compiled once).
if ! { command -v gcc >/dev/null 2>&1 && [ -e /usr/lib/x86_64-linux-gnu/libc.a -o -e /usr/lib/aarch64-linux-gnu/libc.a -o -e /usr/lib/libc.a ]; }; then
  say "installing gcc and libc6-dev (to build the sandbox init)"
  { DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gcc libc6-dev || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gcc libc6-dev; }; } >&2
fi
docker_cli() { if [ -x /usr/bin/docker ]; then /usr/bin/docker "$@"; else docker "$@"; fi; }

# 4. the base image, built offline with debootstrap unless BASE_IMAGE names another.
BASE="${BASE_IMAGE:-mcp-airlock-base:bookworm-r2}"
if ! docker_cli image inspect "$BASE" >/dev/null 2>&1; then
  if [ "$BASE" != "mcp-airlock-base:bookworm-r2" ]; then
    say "pulling $BASE"
    docker_cli pull "$BASE" >&2
  else
    command -v debootstrap >/dev/null 2>&1 || {
      say "installing debootstrap"
      apt-get update -qq >&2
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >&2
    }
    say "building $BASE with debootstrap (about a minute)"
    ROOTFS="$(mktemp -d /tmp/airlock-rootfs.XXXXXX)"
    trap 'rm -rf "$ROOTFS"' EXIT
    debootstrap --variant=minbase --include=ca-certificates,iptables,iproute2,tcpdump,curl,wget,netcat-openbsd,git,python3-minimal,procps,less bookworm "$ROOTFS" >"$STATE/debootstrap.log" 2>&1 \
      || { say "debootstrap failed; see $STATE/debootstrap.log"; exit 2; }
    tar -C "$ROOTFS" -c . | docker_cli import - "$BASE" >/dev/null
    rm -rf "$ROOTFS"
    trap - EXIT
  fi
fi

# 5. the sandbox image (tagged by a hash of its inputs; reused when unchanged).
BASE_IMAGE="$BASE" node bin/mcp-airlock.js setup >/dev/null
