#!/usr/bin/env bash
# Prints the CPU benchmark table (model x precision x ISA) as Markdown: glint-bench --model per
# cell, single thread, p50 / min ms and the percentage of the peak glint-bench measures for that
# precision and ISA in the same run.
#
# usage: tools/bench/table.sh [BUILD_DIR] [--runs N] [--isas "avx512vnni avx2 scalar"]
#                             [--precisions "fp32 fp16 int8"] [--models "a.tflite b.json"]
# The ISAs are caps (glint-bench --isa); a cap above what the CPU has runs the best it has.
# On a machine whose vCPUs are hyperthreads, run it with nothing else busy: a sibling thread at
# work halves both the kernels and the measured peak.
set -euo pipefail
cd "$(dirname "$0")/../.."

BUILD=build
RUNS=50
ISAS="avx512vnni avx2 scalar"
PRECISIONS="fp32 fp16 int8"
M=.cache/models
MODELS="$M/mediapipe/palm_detection_lite.tflite $M/mediapipe/palm_detection_full.tflite
$M/mediapipe/hand_landmark_lite.tflite $M/mediapipe/hand_landmark_full.tflite
$M/tfjs/movenet-lightning.json $M/tfjs/movenet-thunder.json"
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) RUNS=$2; shift ;;
    --isas) ISAS=$2; shift ;;
    --precisions) PRECISIONS=$2; shift ;;
    --models) MODELS=$2; shift ;;
    -*) echo "table.sh: unknown option $1" >&2; exit 2 ;;
    *) BUILD=$1 ;;
  esac
  shift
done
BENCH=$BUILD/bin/glint-bench
[ -x "$BENCH" ] || { echo "table.sh: $BENCH not built" >&2; exit 1; }

field() { sed -n "s/.*\"$1\":\([^,}]*\).*/\1/p" <<<"$2" | tr -d '"'; }

echo "| model | precision | ISA | p50 ms | min ms | GMAC/s | % of peak | peak GMAC/s (loop) |"
echo "|---|---|---|---|---|---|---|---|"
for model in $MODELS; do
  for precision in $PRECISIONS; do
    for isa in $ISAS; do
      runs=$RUNS
      [ "$isa" = scalar ] && runs=$(( RUNS < 10 ? RUNS : 10 ))
      if ! json=$("$BENCH" --model "$model" --precision "$precision" --isa "$isa" --runs "$runs" --warmup 3 --json 2>/dev/null); then
        echo "| $(basename "$model") | $precision | $isa | failed | | | | |"
        continue
      fi
      printf '| %s | %s | %s | %.2f | %.2f | %.1f | %.1f | %.0f (%s) |\n' "$(basename "$model")" "$precision" \
        "$(field isa "$json")" "$(field p50_ms "$json")" "$(field min_ms "$json")" \
        "$(awk -v v="$(field macs_per_s "$json")" 'BEGIN { print v / 1e9 }')" "$(field peak_percent "$json")" \
        "$(awk -v v="$(field peak_macs_per_s "$json")" 'BEGIN { print v / 1e9 }')" "$(field peak_loop "$json")"
    done
  done
done
