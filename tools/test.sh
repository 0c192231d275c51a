#!/usr/bin/env bash
# usage: tools/test.sh [--stages release,asan,fuzz,aarch64,wasm,vulkan[,valgrind]] [--no-setup]
#
# All of glint's tests, the way CI runs them (.ci/run calls exactly this):
#   0. set-up (tools/setup.sh: Debian packages, models, test photos; fast when already done)
#   1. release  gcc Release build with -DGLINT_WERROR=ON, then ctest
#   2. asan     clang build with -DGLINT_SANITIZE=address,undefined, then ctest; any sanitizer
#               report fails the test (see ASAN_OPTIONS / UBSAN_OPTIONS below)
#   3. fuzz     clang build with -DGLINT_BUILD_FUZZERS=ON and ASan+UBSan; every fuzz/fuzz_*.c
#               target runs for GLINT_FUZZ_SECONDS, seeded from the real models (see seed_corpus)
#   4. aarch64  cross build (gcc-aarch64-linux-gnu) of the CPU kernel tests and a few small graphs
#               (CROSS_TESTS_REGEX), under qemu-aarch64 twice: qemu's default CPU (NEON + dotprod +
#               i8mm) and QEMU_CPU=cortex-a53 (no dotprod: run-time dispatch must not pick SDOT)
#   5. wasm     Emscripten build (SIMD128) of the same tests, run under Node
#   6. vulkan   the Vulkan backend's tests (test_vk_*) on lavapipe (VK_DRIVER_FILES forces it,
#               whatever GPU the machine has) with the Khronos validation layer and its
#               synchronization validation: any validation message fails; GLINT_VK_REQUIRE=1
#               makes a missing device a failure instead of a skip. Then the TFLite / TF.js golden
#               comparison (test_models_golden) with every model on Vulkan (GLINT_BACKEND=vulkan).
#   valgrind    (not in the default list: about 15 min, lavapipe's JIT under valgrind) memcheck
#               with full leak checking on test_vk_fallback (every injected failure, on lavapipe
#               with validation) and test_tracker_backend (no loader / no device); suppressions only for the
#               loader, Mesa/LLVM, the validation layer and ld.so (tools/valgrind/vulkan.supp).
#               Needs valgrind (tools/setup.sh --features valgrind). Uses the vulkan stage's build.
# Every stage runs even when an earlier one failed; a summary with timings comes at the end and
# the exit status is 1 if any stage failed.
#
# Environment: GLINT_TEST_BUILD (build folder root, default build-test), GLINT_JOBS (default 2),
# GLINT_FUZZ_SECONDS (per target, default 60), GLINT_FUZZ_MAX_LEN (seed files bigger than this are
# left out, default 8 MiB; -max_len is the largest seed), GLINT_CACHE_DIR (models, photos; default .cache).
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup/common.sh"
cd "$GLINT_ROOT"

STAGES=release,asan,fuzz,aarch64,wasm,vulkan
SETUP=1
while [ $# -gt 0 ]; do
  case "$1" in
    --stages) shift; STAGES=${1:-} ;;
    --stages=*) STAGES=${1#--stages=} ;;
    --no-setup) SETUP=0 ;;
    -h | --help) sed -n '2,20p' "$0"; exit 0 ;;
    *) glint_die "test.sh: unknown argument $1 (see --help)" ;;
  esac
  shift
done

BUILD=${GLINT_TEST_BUILD:-build-test}
case "$BUILD" in /*) ;; *) BUILD="$GLINT_ROOT/$BUILD" ;; esac
JOBS=${GLINT_JOBS:-2}
FUZZ_SECONDS=${GLINT_FUZZ_SECONDS:-60}
FUZZ_MAX_LEN=${GLINT_FUZZ_MAX_LEN:-8388608}
# Any sanitizer report is a failure: stop at the first error, report leaks, show the stack.
export ASAN_OPTIONS=${ASAN_OPTIONS:-halt_on_error=1:detect_leaks=1:abort_on_error=0:detect_stack_use_after_return=1:print_summary=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1:print_summary=1}

RESULTS=()
FAILED=0
T_ALL=$(glint_now)

banner() { printf '\n==== %s ====\n' "$*"; }

# run_stage NAME FUNCTION: runs it, records pass/fail and the time.
run_stage() {
  local name=$1 fn=$2 t0 rc
  banner "$name"
  t0=$(glint_now)
  "$fn"
  rc=$?
  if [ "$rc" = 0 ]; then
    RESULTS+=("$(printf '%-8s %-5s %7s s' "$name" ok "$(glint_since "$t0")")")
  else
    RESULTS+=("$(printf '%-8s %-5s %7s s' "$name" FAIL "$(glint_since "$t0")")")
    FAILED=1
  fi
}

# configure_build_test DIR [cmake args...]: configure, build everything that builds (keep going
# past errors), then run ctest even after a build error, so the log shows which tests still
# pass; the stage fails if any step failed.
configure_build_test() {
  local dir=$1 rc=0 keep_going=-k
  shift
  cmake -S "$GLINT_ROOT" -B "$dir" -DGLINT_CACHE_DIR="$GLINT_CACHE_DIR" "$@" >"$dir.configure.log" 2>&1 ||
    { cat "$dir.configure.log"; echo "configure failed ($dir)"; return 1; }
  grep -q '^CMAKE_GENERATOR:INTERNAL=Ninja' "$dir/CMakeCache.txt" && keep_going="-k0"
  cmake --build "$dir" -j "$JOBS" -- "$keep_going" || { rc=1; echo "BUILD FAILED ($dir); running the tests that built"; }
  ctest --test-dir "$dir" -j "$JOBS" --output-on-failure || rc=1
  return "$rc"
}

stage_setup() { bash "$GLINT_ROOT/tools/setup.sh"; }

stage_release() {
  mkdir -p "$BUILD"
  configure_build_test "$BUILD/release" -DCMAKE_BUILD_TYPE=Release -DGLINT_WERROR=ON
}

stage_asan() {
  mkdir -p "$BUILD"
  configure_build_test "$BUILD/asan" -DCMAKE_C_COMPILER=clang -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DGLINT_SANITIZE=address,undefined
}

# Fails early, with a clear message, when clang cannot link a libFuzzer target.
check_fuzzer_toolchain() {
  local d
  d=$(mktemp -d)
  printf '%s\n' '#include <stddef.h>' '#include <stdint.h>' \
    'int LLVMFuzzerTestOneInput(const uint8_t* d, size_t n) { return (int)(n && !d); }' >"$d/t.c"
  if ! clang -fsanitize=fuzzer,address,undefined "$d/t.c" -o "$d/t" >"$d/log" 2>&1 || ! "$d/t" -runs=10 >>"$d/log" 2>&1; then
    cat "$d/log"
    rm -rf "$d"
    echo "clang cannot build or run a libFuzzer target (is libclang-rt-14-dev installed?)"
    return 1
  fi
  rm -rf "$d"
}

# seed_corpus TARGET DIR: fills DIR with the target's seeds:
#  * every file in fuzz/corpus/TARGET/ (small hand-made seeds committed with the target);
#  * the seeds SEED_WRITER_TEST[TARGET] writes (tests/ in the fuzz build);
#  * every file matching a ".cache/..." glob written in the target's header comment, e.g.
#    ".cache/models/mediapipe/?*.tflite" or ".cache/models/tfjs/?*.json" ($GLINT_CACHE_DIR is used
#    for .cache; "?*" because "/*" inside a block comment warns). Files bigger than
#    GLINT_FUZZ_MAX_LEN are left out.
# Seeds made by a test rather than committed (small valid models our own writer builds): the
# test, and the variable that makes it write them into a folder and exit.
declare -A SEED_WRITER_TEST=([fuzz_tflite]=test_import_tflite_bad)
declare -A SEED_WRITER_ENV=([fuzz_tflite]=GLINT_WRITE_TFLITE_SEEDS)

seed_corpus() {
  local target=$1 dir=$2 src="$GLINT_ROOT/fuzz/$1.c" pat f n=0 skipped=0 patterns
  mkdir -p "$dir"
  if [ -d "$GLINT_ROOT/fuzz/corpus/$target" ]; then
    cp -f "$GLINT_ROOT/fuzz/corpus/$target"/* "$dir/" 2>/dev/null || true
  fi
  local writer=${SEED_WRITER_TEST[$target]:-}
  if [ -n "$writer" ]; then
    env "${SEED_WRITER_ENV[$target]}=$dir" "$BUILD/fuzz/tests/$writer" >/dev/null ||
      echo "$target: $writer could not write its seeds"
  fi
  # Globs in the header comment (everything up to the first "*/"), sentence dots dropped.
  mapfile -t patterns < <(sed -n '1,/\*\//p' "$src" | grep -o '\.cache/[A-Za-z0-9_./*?-]*' | sed 's/[.]*$//' | sort -u)
  for pat in "${patterns[@]}"; do
    for f in "$GLINT_CACHE_DIR"/${pat#.cache/}; do
      [ -f "$f" ] || continue
      if [ "$(stat -c %s "$f")" -gt "$FUZZ_MAX_LEN" ]; then
        skipped=$((skipped + 1))
        continue
      fi
      cp -f "$f" "$dir/"
      n=$((n + 1))
    done
  done
  echo "$target: $(find "$dir" -type f | wc -l) inputs in the corpus ($n seeds from ${patterns[*]:-no .cache glob}, $skipped too big)"
}

# Largest file in DIR, at least 4096 bytes: libFuzzer's -max_len for that corpus.
corpus_max_len() {
  local m
  m=$(find "$1" -type f -printf '%s\n' | sort -n | tail -n 1)
  [ -n "$m" ] && [ "$m" -gt 4096 ] && echo "$m" || echo 4096
}

stage_fuzz() {
  check_fuzzer_toolchain || return 1
  local dir="$BUILD/fuzz" targets=() t bad=0
  for t in "$GLINT_ROOT"/fuzz/fuzz_*.c; do
    [ -f "$t" ] && targets+=("$(basename "$t" .c)")
  done
  if [ ${#targets[@]} -eq 0 ]; then
    echo "no fuzz targets (fuzz/fuzz_*.c)"
    return 0
  fi
  mkdir -p "$BUILD"
  cmake -S "$GLINT_ROOT" -B "$dir" -DGLINT_CACHE_DIR="$GLINT_CACHE_DIR" -DCMAKE_C_COMPILER=clang \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo -DGLINT_BUILD_FUZZERS=ON -DGLINT_SANITIZE=address,undefined \
    -DGLINT_BUILD_SAMPLES=OFF >"$dir.configure.log" 2>&1 || { cat "$dir.configure.log"; return 1; }
  local keep_going=-k built=()
  grep -q '^CMAKE_GENERATOR:INTERNAL=Ninja' "$dir/CMakeCache.txt" && keep_going="-k0"
  cmake --build "$dir" -j "$JOBS" --target "${targets[@]}" "${SEED_WRITER_TEST[@]}" -- "$keep_going" || bad=1
  for t in "${targets[@]}"; do
    if [ -x "$dir/fuzz/$t" ]; then built+=("$t"); else echo "$t: BUILD FAILED"; fi
  done
  targets=("${built[@]}")
  [ ${#targets[@]} -gt 0 ] || return 1

  mkdir -p "$dir/logs" "$dir/artifacts"
  for t in "${targets[@]}"; do seed_corpus "$t" "$dir/corpus/$t"; done
  # Two targets at a time (one per core); each gets the whole time budget.
  echo "running ${#targets[@]} targets for ${FUZZ_SECONDS} s each, $JOBS at a time"
  declare -A pid_of=()
  for t in "${targets[@]}"; do
    while [ "$(jobs -rp | wc -l)" -ge "$JOBS" ]; do sleep 1; done
    "$dir/fuzz/$t" "$dir/corpus/$t" -max_total_time="$FUZZ_SECONDS" -rss_limit_mb=2048 \
      -max_len="$(corpus_max_len "$dir/corpus/$t")" -timeout=60 -print_final_stats=1 \
      -artifact_prefix="$dir/artifacts/$t-" >"$dir/logs/$t.log" 2>&1 &
    pid_of[$t]=$!
  done
  for t in "${targets[@]}"; do
    if wait "${pid_of[$t]}"; then
      echo "$t: ok, $(grep -o 'stat::number_of_executed_units: *[0-9]*' "$dir/logs/$t.log" | grep -o '[0-9]*$') runs"
    else
      bad=1
      echo "$t: FAILED (log $dir/logs/$t.log, inputs that crashed in $dir/artifacts/):"
      tail -n 60 "$dir/logs/$t.log"
    fi
  done
  return "$bad"
}

# The tests the cross stages build and run: the CPU kernel testers and small graphs, not the
# big models (qemu and Node are slow, and x86 already runs those).
CROSS_TESTS_REGEX='^test_(kernels_.*|threadpool|cpu_backend|sha256)$'
cross_test_targets() {
  local f n
  for f in "$GLINT_ROOT"/tests/unit/test_*.c; do
    n=$(basename "$f" .c)
    [[ "$n" =~ $CROSS_TESTS_REGEX ]] && echo "$n"
  done
}

# cross_build_test DIR LABEL [cmake args...]: configure, build the cross tests, run them.
cross_build_test() {
  local dir=$1 label=$2 rc=0 targets
  shift 2
  mkdir -p "$BUILD"
  mapfile -t targets < <(cross_test_targets)
  "$@" -S "$GLINT_ROOT" -B "$dir" -DGLINT_CACHE_DIR="$GLINT_CACHE_DIR" -DCMAKE_BUILD_TYPE=Release \
    -DGLINT_WERROR=ON -DGLINT_BUILD_SAMPLES=OFF >"$dir.configure.log" 2>&1 ||
    { cat "$dir.configure.log"; echo "configure failed ($dir)"; return 1; }
  cmake --build "$dir" -j "$JOBS" --target "${targets[@]}" || { rc=1; echo "BUILD FAILED ($dir)"; }
  echo "-- $label: ${targets[*]}"
  GLINT_TEST_SKIP_MODELS=1 ctest --test-dir "$dir" -j "$JOBS" -R "$CROSS_TESTS_REGEX" --output-on-failure || rc=1
  return "$rc"
}

stage_aarch64() {
  local dir="$BUILD/aarch64" rc=0
  command -v aarch64-linux-gnu-gcc >/dev/null && command -v qemu-aarch64 >/dev/null ||
    { echo "aarch64-linux-gnu-gcc or qemu-aarch64 missing (tools/setup.sh --features aarch64)"; return 1; }
  cross_build_test "$dir" "qemu default CPU (dotprod, i8mm)" cmake \
    -DCMAKE_TOOLCHAIN_FILE="$GLINT_ROOT/cmake/toolchains/aarch64-linux-gnu.cmake" || rc=1
  echo "-- qemu -cpu cortex-a53 (NEON only)"
  QEMU_CPU=cortex-a53 GLINT_TEST_SKIP_MODELS=1 ctest --test-dir "$dir" -j "$JOBS" -R "$CROSS_TESTS_REGEX" \
    --output-on-failure || rc=1
  return "$rc"
}

stage_wasm() {
  command -v emcmake >/dev/null && command -v node >/dev/null ||
    { echo "emcmake or node missing (tools/setup.sh --features wasm)"; return 1; }
  # Debian's emscripten needs Debian's node modules (acorn); Node >= 18 needs --no-experimental-fetch.
  [ -d /usr/share/nodejs ] && export NODE_PATH=/usr/share/nodejs${NODE_PATH:+:$NODE_PATH}
  cross_build_test "$BUILD/wasm" "node $(node --version)" emcmake cmake \
    "-DCMAKE_CROSSCOMPILING_EMULATOR=$(command -v node);--no-experimental-fetch" \
    -DGLINT_STB_INCLUDE_DIR=/usr/include/stb
}

# The lavapipe ICD manifest for this machine's architecture.
lavapipe_icd() {
  local f
  for f in /usr/share/vulkan/icd.d/lvp_icd.*.json; do
    [ -f "$f" ] && { echo "$f"; return 0; }
  done
  return 1
}

# stage_vulkan_build DIR: Release build with the Vulkan backend (failing when it is off).
stage_vulkan_build() {
  local dir=$1
  mkdir -p "$BUILD"
  cmake -S "$GLINT_ROOT" -B "$dir" -DGLINT_CACHE_DIR="$GLINT_CACHE_DIR" -DCMAKE_BUILD_TYPE=Release -DGLINT_WERROR=ON \
    >"$dir.configure.log" 2>&1 || { cat "$dir.configure.log"; return 1; }
  grep -q 'Vulkan backend on' "$dir.configure.log" || { grep 'glint:' "$dir.configure.log"; return 1; }
  cmake --build "$dir" -j "$JOBS"
}

stage_vulkan() {
  local dir="$BUILD/vulkan" icd rc=0
  icd=$(lavapipe_icd) || { echo "lavapipe is not installed (tools/setup.sh --features vulkan)"; return 1; }
  stage_vulkan_build "$dir" || return 1
  # Every validation message fails a test; the loader and the layers want a runtime folder.
  (
    export VK_DRIVER_FILES="$icd" VK_ICD_FILENAMES="$icd" XDG_RUNTIME_DIR=/tmp
    export GLINT_VK_VALIDATION=1 GLINT_VK_REQUIRE=1
    ctest --test-dir "$dir" -j "$JOBS" -R '^test_vk_' --output-on-failure || exit 1
    GLINT_BACKEND=vulkan ctest --test-dir "$dir" -R '^test_models_golden$' --output-on-failure || exit 1
  ) || rc=1
  return "$rc"
}

stage_valgrind() {
  local dir="$BUILD/vulkan" icd rc=0 t
  command -v valgrind >/dev/null || { echo "valgrind is not installed (tools/setup.sh --features valgrind)"; return 1; }
  icd=$(lavapipe_icd) || { echo "lavapipe is not installed (tools/setup.sh --features vulkan)"; return 1; }
  stage_vulkan_build "$dir" || return 1
  # The tracker test without --device covers no loader / no device; with a device its AUTO
  # part explores lavapipe for an hour under valgrind.
  for t in test_vk_fallback test_tracker_backend; do
    echo "valgrind: $t"
    (
      export VK_DRIVER_FILES="$icd" VK_ICD_FILENAMES="$icd" XDG_RUNTIME_DIR=/tmp GLINT_VK_REQUIRE=1
      export GLINT_CACHE_DIR GLINT_TEST_DATA="$GLINT_ROOT/tests" GLINT_VK_TIMEOUT_MS=600000
      cd "$dir/tests" && valgrind -q --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=definite,indirect \
        --suppressions="$GLINT_ROOT/tools/valgrind/vulkan.supp" "./$t"
    ) || rc=1
  done
  return "$rc"
}

if [ "$SETUP" = 1 ]; then
  run_stage setup stage_setup
  if [ "$FAILED" = 1 ]; then
    echo "set-up failed; not running the tests"
    printf '%s\n' "${RESULTS[@]}"
    exit 1
  fi
fi
IFS=, read -r -a WANT <<<"$STAGES"
for s in "${WANT[@]}"; do
  case "$s" in
    release | asan | fuzz | aarch64 | wasm | vulkan | valgrind) run_stage "$s" "stage_$s" ;;
    *) glint_die "unknown stage '$s' (release, asan, fuzz, aarch64, wasm, vulkan, valgrind)" ;;
  esac
done

banner "summary"
printf '%s\n' "${RESULTS[@]}"
printf '%-8s %-5s %7s s\n' total "$([ "$FAILED" = 0 ] && echo ok || echo FAIL)" "$(glint_since "$T_ALL")"
exit "$FAILED"
