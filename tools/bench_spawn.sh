#!/usr/bin/env bash
# Builds and boots the spawn benchmark kernel (//kernel/proc/tests:bench_spawn_kernel)
# and prints spawn+exit+wait cycles per second and the thread switch cost
# under QEMU. Not a timed test: the figures depend on the host.
#
#   tools/bench_spawn.sh
#   BAZEL="bazel --output_base=/tmp/ob" tools/bench_spawn.sh
set -euo pipefail
cd "$(dirname "$0")/.."
BAZEL=${BAZEL:-bazel}
TARGET=//kernel/proc/tests:bench_spawn_kernel
FLAGS=(--config=aarch64)
$BAZEL build "${FLAGS[@]}" "$TARGET" >&2
KERNEL=$($BAZEL cquery "${FLAGS[@]}" --output=starlark --starlark:expr='target.files.to_list()[0].path' "$TARGET" 2>/dev/null | head -1)
case "$KERNEL" in /*) ;; *) KERNEL="$($BAZEL info "${FLAGS[@]}" execution_root 2>/dev/null)/$KERNEL" ;; esac
echo "kernel: $KERNEL" >&2
timeout 120 qemu-system-aarch64 -M virt -cpu cortex-a72 -m 128M -nographic -monitor none \
  -serial stdio -semihosting -net none -kernel "$KERNEL" | tr -d '\r' | grep '^bench:'
