#!/bin/sh
# usage: tools/goldens/regen.sh [cases|tracker]     (no argument: both)
# Regenerates tests/golden/ (cases.tsv + <case>/<output>.f32, and tracker/{hands,body}.tsv, the
# end-to-end tracker references) with independent reference runtimes; see tests/golden/README.md.
# Needs: cmake + a C compiler, Node 18+ with npm, Debian's chromium, and the models and photos
# that set-up fetched into the cache (models/, images/).
#   GLINT_CACHE_DIR      cache with models/ and images/        (default: <repo>/.cache)
#   GLINT_GOLDENS_BUILD  build folder for glint-model          (default: <repo>/build-goldens)
#   GLINT_GOLDEN_DIR     where the goldens go                  (default: <repo>/tests/golden)
#   CHROMIUM             browser binary (never downloaded)     (default: /usr/bin/chromium)
set -eu
WHAT=${1:-all}
case $WHAT in all|cases|tracker) ;; *) echo "usage: regen.sh [cases|tracker]" >&2; exit 2 ;; esac
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
HERE=$ROOT/tools/goldens
CACHE=${GLINT_CACHE_DIR:-$ROOT/.cache}
BUILD=${GLINT_GOLDENS_BUILD:-$ROOT/build-goldens}
OUT=${GLINT_GOLDEN_DIR:-$ROOT/tests/golden}
export CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
# Never let an npm package fetch a browser or other binaries at install time.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

for f in models/mediapipe/palm_detection_lite.tflite models/tfjs/movenet-lightning.json images/person_messi5.png; do
  [ -e "$CACHE/$f" ] || { echo "regen.sh: $CACHE/$f is missing: run set-up first (or set GLINT_CACHE_DIR)" >&2; exit 1; }
done
[ -x "$CHROMIUM" ] || { echo "regen.sh: no browser at $CHROMIUM (Debian: apt-get install chromium)" >&2; exit 1; }

echo "== building glint-model in $BUILD"
cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=Release -DGLINT_BUILD_TESTS=OFF >/dev/null
cmake --build "$BUILD" --target glint-model -j2 >/dev/null

echo "== reference runtimes (npm ci from the pinned package-lock.json files)"
for d in tflite tfjs tasks; do
  if [ ! -d "$HERE/$d/node_modules" ]; then
    (cd "$HERE/$d" && npm ci --no-audit --no-fund --loglevel=error)
  fi
done

if [ "$WHAT" != tracker ]; then
  echo "== cases"
  node "$HERE/regen.mjs" --glint-model "$BUILD/bin/glint-model" --cache "$CACHE" --out "$OUT"
fi
if [ "$WHAT" != cases ]; then
  echo "== tracker (MediaPipe Tasks HandLandmarker in Chromium, MoveNet in TF.js)"
  node "$HERE/tasks/regen_tracker.mjs" --glint-model "$BUILD/bin/glint-model" --cache "$CACHE" --out "$OUT"
fi
