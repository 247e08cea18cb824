#!/usr/bin/env bash
# Builds and boots the spawn benchmark kernel (//kernel/proc/tests:bench_spawn_kernel, with
# its initramfs) and prints spawn+exit+wait cycles per second from PID 0, the thread and
# process switch costs, and fork_bench's figures (fork+exit+wait, the same with 4 MiB more
# to copy, posix_spawn+exit+wait) under QEMU, once per CPU count (QEMU's -smp; the figures
# of each run follow its "cpus: N" line). Not a timed test: the figures depend on the host.
#
#   tools/bench_spawn.sh [CPUS ...]     # default: 1 2 4
set -euo pipefail
cd "$(dirname "$0")/.."
BAZEL=${BAZEL:-tools/bazel}
KERNEL_TARGET=//kernel/proc/tests:bench_spawn_kernel
INITRD_TARGET=//kernel/proc/tests:bench_spawn_initrd
$BAZEL build --config=aarch64 "$KERNEL_TARGET" >&2
$BAZEL build "$INITRD_TARGET" >&2
path_of() {  # the first output file of a target, absolute
  local p
  p=$($BAZEL cquery "$@" --output=starlark --starlark:expr='target.files.to_list()[0].path' 2>/dev/null | head -1)
  case "$p" in /*) echo "$p" ;; *) echo "$($BAZEL info "${@:2}" execution_root 2>/dev/null)/$p" ;; esac
}
KERNEL=$(path_of "$KERNEL_TARGET" --config=aarch64)
INITRD=$(path_of "$INITRD_TARGET")
echo "kernel: $KERNEL" >&2
echo "initrd: $INITRD" >&2
for cpus in "${@:-1 2 4}"; do
  for n in $cpus; do
    echo "cpus: $n"
    timeout 120 qemu-system-aarch64 -M virt -cpu cortex-a72 -m 128M -smp "$n" -nographic -monitor none \
      -serial stdio -semihosting -net none -kernel "$KERNEL" -initrd "$INITRD" | tr -d '\r' | grep '^bench:'
  done
done
