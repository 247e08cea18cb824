#!/bin/sh
# run_fuzzer.sh FUZZER RUNS: RUNS inputs over the committed corpus (read
# only; new inputs go to a scratch directory). libFuzzer exits non-zero on a
# crash, a sanitizer report or a leak.
set -eu
fuzzer=$1
runs=$2
scratch=${TEST_TMPDIR:-$(mktemp -d)}/new_inputs
mkdir -p "$scratch"
exec "$fuzzer" -runs="$runs" -seed=1 -max_len=4096 -timeout=10 \
  -artifact_prefix="${TEST_UNDECLARED_OUTPUTS_DIR:-$scratch}/" "$scratch" net/fuzz/corpus
