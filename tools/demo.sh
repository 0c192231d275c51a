#!/usr/bin/env bash
# usage: tools/demo.sh [--no-setup]
#
# glint's main job, end to end: set-up (tools/setup.sh), a Release build in build/, then the
# tracker on two real photos with the default models (hand landmarks lite + MoveNet Lightning):
#   build/bin/glint-track <hand photo> <person photo> --body --json build/demo/result.json --draw build/demo/
# which prints one line per photo (hands, handedness, gesture, body, per-stage ms) and writes
# the results as JSON and one annotated PNG per photo (skeletons, labels, budget bar).
# Works from any directory.
# Environment: GLINT_DEMO_BUILD (build folder, default build), GLINT_JOBS (default 2),
# GLINT_CACHE_DIR (models and photos, default .cache).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup/common.sh"
cd "$GLINT_ROOT"

SETUP=1
for a in "$@"; do
  case "$a" in
    --no-setup) SETUP=0 ;;
    -h | --help) sed -n '2,11p' "$0"; exit 0 ;;
    *) glint_die "demo.sh: unknown argument $a (see --help)" ;;
  esac
done
BUILD=${GLINT_DEMO_BUILD:-build}
JOBS=${GLINT_JOBS:-2}
PHOTOS=("$GLINT_CACHE_DIR/images/hand_right_open_palm.png" "$GLINT_CACHE_DIR/images/person_messi5.png")
OUT=$BUILD/demo
T_ALL=$(glint_now)

if [ "$SETUP" = 1 ]; then
  bash tools/setup.sh
fi

echo "==== build ($BUILD, Release) ===="
t0=$(glint_now)
cmake -S . -B "$BUILD" -DCMAKE_BUILD_TYPE=Release -DGLINT_CACHE_DIR="$GLINT_CACHE_DIR" >/dev/null
cmake --build "$BUILD" -j "$JOBS" --target glint-track
T_BUILD=$(glint_since "$t0")

echo "==== glint-track (hands + body on ${#PHOTOS[@]} photos) ===="
t0=$(glint_now)
rm -rf "$OUT"
"$BUILD/bin/glint-track" "${PHOTOS[@]}" --body --models "$GLINT_CACHE_DIR/models" \
  --json "$OUT/result.json" --draw "$OUT/"
T_RUN=$(glint_since "$t0")

echo "==== demo done in $(glint_since "$T_ALL") s (build $T_BUILD s, tracking $T_RUN s) ===="
echo "annotated PNGs:"
for p in "$OUT"/*.png; do echo "  $p"; done
echo "JSON: $OUT/result.json"
