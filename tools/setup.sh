#!/usr/bin/env bash
# Sets up a Debian 12 machine for Akuma/C++. Idempotent: quiet when everything is present.
#  1. Installs every Debian package the build needs (apt-get, as root or through sudo).
#  2. Fetches Debian's busybox-static for arm64 (tools/bench_net.py runs its httpd on the
#     Linux oracle) into ${AKUMA_BUSYBOX_CACHE:-~/.cache/akuma-busybox}/busybox.
#  3. Fetches Debian's Linux 6.1 arm64 kernel, the oracle of the conformance tests
#     (conformance/README.md), into a cache outside the repository:
#     ${AKUMA_LINUX_CACHE:-~/.cache/akuma-linux}/RELEASE/{vmlinuz,modules/*.ko,modules.load}
#     and RELEASE in .../current; the repository @linux_arm64 (tools/workspace/linux_arm64.bzl)
#     reads it. Nothing is downloaded at build or test time.
# Run it as the user who runs Bazel (the cache is in that user's home); it uses sudo itself.
set -euo pipefail

PACKAGES=(
  bazel-bootstrap bazel-rules-cc bazel-rules-java bazel-platforms
  default-jdk-headless
  qemu-system-arm qemu-utils
  python3 python3-pexpect
  clang lld llvm libclang-rt-14-dev
  g++ libgtest-dev
  gcc-aarch64-linux-gnu g++-aarch64-linux-gnu libc6-dev-arm64-cross
  gdb-multiarch
  lcov
  curl file
  nginx
  apache2-utils
)

SUDO=""
as_root() {
  if [ "$(id -u)" -ne 0 ] && [ -z "$SUDO" ]; then
    command -v sudo >/dev/null || { echo "setup: need root or sudo to run: $*" >&2; exit 1; }
    SUDO=sudo
  fi
  $SUDO "$@"
}
export DEBIAN_FRONTEND=noninteractive

apt_update() {
  if ! as_root apt-get update -qq >/dev/null; then
    echo "setup: 'apt-get update' failed; cannot reach Debian's package archive" >&2; exit 1
  fi
}

# ---------------------------------------------------------------- 1. packages
missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -ne 0 ]; then
  echo "setup: installing ${missing[*]}" >&2
  apt_update
  if ! as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; then
    echo "setup: 'apt-get install ${missing[*]}' failed (see apt's message above)" >&2; exit 1
  fi
fi

# ---------------------------------------------------------------- 2. busybox for the benchmark
if ! dpkg --print-foreign-architectures | grep -qx arm64; then
  echo "setup: adding the arm64 architecture to dpkg (for Debian's arm64 packages)" >&2
  as_root dpkg --add-architecture arm64
  apt_update
fi
BUSYBOX_CACHE="${AKUMA_BUSYBOX_CACHE:-$HOME/.cache/akuma-busybox}"
if [ ! -x "$BUSYBOX_CACHE/busybox" ]; then
  echo "setup: fetching Debian's busybox-static (arm64) into $BUSYBOX_CACHE" >&2
  mkdir -p "$BUSYBOX_CACHE"
  bb_work=$(mktemp -d "$BUSYBOX_CACHE/.fetch.XXXXXX")
  if (cd "$bb_work" && apt-get download busybox-static:arm64) >"$bb_work/apt.log" 2>&1 ||
     { apt_update && (cd "$bb_work" && apt-get download busybox-static:arm64) >"$bb_work/apt.log" 2>&1; }; then
    dpkg-deb --fsys-tarfile "$bb_work"/busybox-static_*_arm64.deb | tar -x -C "$bb_work" ./bin/busybox &&
      mv "$bb_work/bin/busybox" "$BUSYBOX_CACHE/busybox"
  else
    cat "$bb_work/apt.log" >&2
    echo "setup: 'apt-get download busybox-static:arm64' failed (only tools/bench_net.py needs it)" >&2
  fi
  rm -rf "$bb_work"
fi

# ---------------------------------------------------------------- 3. the Linux oracle
CACHE="${AKUMA_LINUX_CACHE:-$HOME/.cache/akuma-linux}"
# The modules QEMU's virtio-net-device needs, besides what they depend on. Those that
# this kernel has built in (modules.builtin) are left out.
ROOT_MODULES=(virtio_mmio virtio_net)

if ! dpkg --print-foreign-architectures | grep -qx arm64; then
  echo "setup: adding the arm64 architecture to dpkg (for Debian's arm64 kernel package)" >&2
  as_root dpkg --add-architecture arm64
  apt_update
fi

# The kernel release the meta package linux-image-arm64 currently stands for.
kernel_release() {
  apt-cache depends linux-image-arm64:arm64 2>/dev/null |
    sed -n 's/^ *Depends: linux-image-\([0-9][^:]*-arm64\)\(:arm64\)\?$/\1/p' | head -n 1
}
release=$(kernel_release)
if [ -z "$release" ]; then
  apt_update
  release=$(kernel_release)
fi
if [ -z "$release" ]; then
  if [ -f "$CACHE/current" ]; then
    exit 0  # apt knows no arm64 kernel (offline, lists gone): keep the one we have
  fi
  echo "setup: apt knows no linux-image-arm64:arm64 (is Debian's main archive in apt's sources?)" >&2
  exit 1
fi
if [ -f "$CACHE/$release/modules.load" ] && [ "$(cat "$CACHE/current" 2>/dev/null)" = "$release" ]; then
  exit 0
fi

echo "setup: fetching Debian's Linux $release (arm64) into $CACHE" >&2
mkdir -p "$CACHE"
work=$(mktemp -d "$CACHE/.fetch.XXXXXX")
trap 'rm -rf "$work"' EXIT
fail() { echo "setup: $*" >&2; exit 1; }

# apt-get download needs no root; its chatter (and, as root, the warning that _apt cannot
# write here) goes to a log that is shown only if it fails.
if ! (cd "$work" && apt-get download "linux-image-$release:arm64") >"$work/apt.log" 2>&1; then
  cat "$work/apt.log" >&2
  fail "'apt-get download linux-image-$release:arm64' failed"
fi
deb=$(ls "$work"/linux-image-"$release"_*_arm64.deb)
mkdir "$work/pkg"
dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$work/pkg" "./boot/vmlinuz-$release" "./lib/modules/$release" ||
  fail "$deb has no ./boot/vmlinuz-$release or ./lib/modules/$release"
moddir="$work/pkg/lib/modules/$release"
out="$work/$release"
mkdir -p "$out/modules"
cp "$work/pkg/boot/vmlinuz-$release" "$out/vmlinuz"
basename "$deb" >"$out/package"

# Module names use '_' where file names may use '-'.
is_builtin() { sed 's,.*/,,; s,\.ko$,,; s,-,_,g' "$moddir/modules.builtin" | grep -qx "$1"; }
module_file() {
  find "$moddir/kernel" \( -name "$1.ko" -o -name "${1//_/-}.ko" \) -print | head -n 1
}
# A module's dependencies, from its .modinfo section ("depends=a,b"): Debian ships no
# modules.dep (depmod makes it at install time).
module_depends() { tr '\0' '\n' <"$1" | sed -n 's/^depends=//p' | head -n 1 | tr ',' ' '; }
order=()
add_module() {  # $1 after everything it depends on: the order finit_module needs
  local name=$1 file dep
  for dep in "${order[@]}"; do [ "$dep" = "$name" ] && return 0; done
  is_builtin "$name" && return 0
  file=$(module_file "$name")
  [ -n "$file" ] || fail "module $name is neither built into $release nor in its package"
  for dep in $(module_depends "$file"); do add_module "$dep"; done
  cp "$file" "$out/modules/$name.ko"
  order+=("$name")
}
for m in "${ROOT_MODULES[@]}"; do add_module "$m"; done
printf '%s\n' "${order[@]}" >"$out/modules.load"

rm -rf "${CACHE:?}/$release"
mv "$out" "$CACHE/$release"
echo "$release" >"$work/current"
mv "$work/current" "$CACHE/current"
echo "setup: Linux $release ready: modules ${order[*]:-(all built in)}" >&2
