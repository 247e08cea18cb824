#!/bin/sh
# run_fuzzer.sh FUZZER MAKE_CORPUS RUNS: writes the seed archives into a
# scratch directory, then runs RUNS inputs from them. libFuzzer exits
# non-zero on a crash, a sanitizer report or a leak.
set -eu
fuzzer=$1
make_corpus=$2
runs=$3
scratch=${TEST_TMPDIR:-$(mktemp -d)}
mkdir -p "$scratch/seeds" "$scratch/new_inputs"
"$make_corpus" "$scratch/seeds"
# Every input allocates and frees pages: a small quarantine keeps the RSS low
# on a machine shared with other tests.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=16"
exec "$fuzzer" -runs="$runs" -seed=1 -max_len=8192 -timeout=10 \
  -artifact_prefix="${TEST_UNDECLARED_OUTPUTS_DIR:-$scratch}/" "$scratch/new_inputs" "$scratch/seeds"
