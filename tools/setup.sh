#!/usr/bin/env bash
# Installs every Debian package Akuma/C++ needs. Idempotent: quiet when everything is present.
set -euo pipefail

PACKAGES=(
  bazel-bootstrap bazel-rules-cc bazel-rules-java bazel-platforms
  default-jdk-headless
  qemu-system-arm
  python3 python3-pexpect
  clang lld llvm libclang-rt-14-dev
  g++ libgtest-dev
  gdb-multiarch
  curl
  nginx
)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "setup: installing ${missing[*]}" >&2
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "setup: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
  SUDO=sudo
fi
export DEBIAN_FRONTEND=noninteractive
if ! $SUDO apt-get update -qq >/dev/null; then
  echo "setup: 'apt-get update' failed; cannot reach Debian's package archive" >&2; exit 1
fi
if ! $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; then
  echo "setup: 'apt-get install ${missing[*]}' failed (see apt's message above)" >&2; exit 1
fi
echo "setup: done" >&2
