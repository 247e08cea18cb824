#!/usr/bin/env bash
# Coverage of the whole suite: which lines and branches of the kernel, the network stack, the
# shell and the programs the tests run, in QEMU and in the host unit tests.
#
#   tools/coverage.sh [bazel flags...]      e.g. tools/coverage.sh --test_tag_filters=-conformance
#
# 1. `bazel coverage --config=coverage //...`: every kernel and user program is built with
#    clang's source-based coverage and writes its raw profile at power-off or exit through
#    semihosting into its test's outputs (kernel/debug/README.md); the host unit tests run
#    under gcc's gcov, their lcov made by Bazel's merger (tools/workspace/remote_coverage_tools).
# 2. The QEMU profiles are merged with llvm-profdata and read with every kernel ELF and
#    program they came from (llvm-cov); the host tests' tracefiles are merged.
# 3. Prints a table per directory (lines and branches, QEMU / host / both) and writes
#    .bazel/coverage/html/index.html (genhtml, from Debian's lcov: both together) and
#    .bazel/coverage/html-qemu/index.html (llvm-cov: the QEMU part, region by region).
# Everything it writes is under .bazel/coverage (ignored by git and //...).
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=.bazel/coverage
LCOV_PY=tools/workspace/remote_coverage_tools/lcov.py
# Test code is not what coverage is about: the table and the reports leave it out.
EXCLUDE=('_unittest\.cc$' '(^|/)tests/' '^conformance/' '^harness/' '^third_party/' '(^|/)fuzz/'
         '_test\.py$' '^programs/coverage/' '^kernel/debug/' '(^|/)testing/')

rm -rf "$OUT"
mkdir -p "$OUT/profiles"
status=0
tools/bazel coverage --config=coverage //... "$@" || status=$?
if [ "$status" -ne 0 ]; then
  echo "coverage: some tests failed (bazel exit $status); the figures cover the tests that ran" >&2
fi

# The QEMU tests' profiles, from each test's outputs.
n=0
has_profile() {  # (not `unzip | grep -q`: grep leaving early fails the pipe under pipefail)
  local names
  names=$(unzip -Z1 "$1" 2>/dev/null) || return 1
  [[ "$names" == *.profraw* ]]
}
while IFS= read -r zip; do
  if has_profile "$zip"; then
    n=$((n + 1))
    mkdir -p "$OUT/profiles/$n"
    unzip -q -o "$zip" '*.profraw' 'profiles.txt' -d "$OUT/profiles/$n" 2>/dev/null || true
  fi
done < <(find -L .bazel/testlogs -name outputs.zip -path '*/test.outputs/*' | sort)
profraws=$(find "$OUT/profiles" -name '*.profraw' | wc -l)
echo "coverage: $profraws raw profiles from $n QEMU tests"
find "$OUT/profiles" -name '*.profraw' > "$OUT/profraws.txt"
# A program killed while it wrote its profile leaves a torn file: skipped, with a warning.
llvm-profdata merge -sparse -failure-mode=all -f "$OUT/profraws.txt" -o "$OUT/qemu.profdata"

# The binaries they describe: each test's kernel (profiles.txt) and every user program built
# for coverage (a program's profile names the program, not its ELF; llvm-cov matches the
# functions by name and hash).
{
  cat "$OUT"/profiles/*/profiles.txt 2>/dev/null | awk '{print $2}'
  find -L .bazel/out -maxdepth 1 -name '*-aarch64-linux-coverage*' -print0 |
    xargs -0 -I{} find {} -type f -name '*_elf'
} | sort -u | while IFS= read -r elf; do [ -f "$elf" ] && echo "$elf"; done > "$OUT/objects.txt"
objects=()
first=""
while IFS= read -r elf; do
  if [ -z "$first" ]; then first=$elf; else objects+=(-object "$elf"); fi
done < "$OUT/objects.txt"
echo "coverage: $(wc -l < "$OUT/objects.txt") binaries (kernels and programs)"
ignore=$(IFS='|'; echo "${EXCLUDE[*]}")
llvm-cov export -format=lcov "$first" "${objects[@]}" -instr-profile "$OUT/qemu.profdata" \
  > "$OUT/qemu.info" 2> "$OUT/llvm-cov.log"

# The host unit tests: the tracefiles of the tests that booted no kernel.
: > "$OUT/host.info"
while IFS= read -r dat; do
  dir=$(dirname "$dat")
  if ! has_profile "$dir/test.outputs/outputs.zip"; then
    cat "$dat" >> "$OUT/host.info"
  fi
done < <(find -L .bazel/testlogs -name coverage.dat | sort)

excludes=()
for e in "${EXCLUDE[@]}"; do excludes+=(--exclude "$e"); done
/usr/bin/python3 "$LCOV_PY" table --qemu "$OUT/qemu.info" --host "$OUT/host.info" "${excludes[@]}" \
  --combined "$OUT/all.info" | tee "$OUT/table.txt"

genhtml -q --branch-coverage --legend --title "Akuma/C++: the suite's coverage" -o "$OUT/html" "$OUT/all.info" \
  > "$OUT/genhtml.log" 2>&1 || echo "coverage: genhtml failed (see $OUT/genhtml.log)" >&2
llvm-cov show -format=html -show-branches=count -output-dir "$OUT/html-qemu" \
  -path-equivalence=/proc/self/cwd,"$PWD" -ignore-filename-regex="$ignore" \
  "$first" "${objects[@]}" -instr-profile "$OUT/qemu.profdata" 2>> "$OUT/llvm-cov.log"
echo "coverage: $OUT/table.txt, $OUT/html/index.html (all), $OUT/html-qemu/index.html (QEMU, by region)"
exit "$status"
