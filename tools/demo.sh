#!/usr/bin/env bash
# usage: tools/demo.sh [--no-setup]
#
# glint's main job, end to end: set-up (tools/setup.sh), a Release build in build/, then the
# current demo: `glint-model info` on MediaPipe's palm detector and one run of it on a test
# photo, with the outputs written to build/demo-out/. (Once the tracker sample exists, this
# script runs the tracker instead.) Works from any directory.
# Environment: GLINT_DEMO_BUILD (build folder, default build), GLINT_JOBS (default 2),
# GLINT_CACHE_DIR (models and photos, default .cache).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup/common.sh"
cd "$GLINT_ROOT"

SETUP=1
for a in "$@"; do
  case "$a" in
    --no-setup) SETUP=0 ;;
    -h | --help) sed -n '2,9p' "$0"; exit 0 ;;
    *) glint_die "demo.sh: unknown argument $a (see --help)" ;;
  esac
done
BUILD=${GLINT_DEMO_BUILD:-build}
JOBS=${GLINT_JOBS:-2}
MODEL=$GLINT_CACHE_DIR/models/mediapipe/palm_detection_lite.tflite
PHOTO=$GLINT_CACHE_DIR/images/hand_open_palm_a.png
T_ALL=$(glint_now)

if [ "$SETUP" = 1 ]; then
  bash tools/setup.sh
fi

echo "==== build ($BUILD, Release) ===="
t0=$(glint_now)
cmake -S . -B "$BUILD" -DCMAKE_BUILD_TYPE=Release -DGLINT_CACHE_DIR="$GLINT_CACHE_DIR" >/dev/null
cmake --build "$BUILD" -j "$JOBS" --target glint-model
T_BUILD=$(glint_since "$t0")

echo "==== glint-model info ${MODEL#"$GLINT_ROOT"/} ===="
"$BUILD/bin/glint-model" info "$MODEL"

echo "==== glint-model run (palm detection on ${PHOTO#"$GLINT_ROOT"/}) ===="
t0=$(glint_now)
rm -rf "$BUILD/demo-out"
"$BUILD/bin/glint-model" run "$MODEL" --input "input_1=$PHOTO" --out "$BUILD/demo-out"
T_RUN=$(glint_since "$t0")

echo "==== demo done in $(glint_since "$T_ALL") s (build $T_BUILD s, run $T_RUN s); outputs in $BUILD/demo-out/ ===="
ls -l "$BUILD/demo-out"
