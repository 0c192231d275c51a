#!/usr/bin/env bash
# usage: tools/setup/fetch_images.sh [--force]
# Writes the 13 test photos listed in tools/setup/images.tsv to $GLINT_CACHE_DIR/images
# (default .cache/images) with INDEX.tsv and licences/. The work is done by images.py: `apt-get
# download` of 4 Debian packages (322 MB, one at a time, each deleted after use; nothing is
# installed), extraction of the needed members, Qt resource and video-frame decoding, PNG
# writing, and sha256 checks of every source file and every PNG.
# A second run only compares the stamp and the PNG hashes (well under a second), unless --force.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

FORCE=0
for a in "$@"; do
  case "$a" in
    --force) FORCE=1 ;;
    *) glint_die "fetch_images.sh: unknown argument $a" ;;
  esac
done
OUT=$GLINT_CACHE_DIR/images

if [ "$FORCE" = 0 ] && "$GLINT_PYTHON" "$GLINT_SETUP/images.py" check "$OUT"; then
  echo "images: up to date in $OUT ($(grep -v '^#' "$GLINT_SETUP/images.tsv" | tail -n +2 | grep -c .) photos verified)"
  exit 0
fi

echo "images: building the test photos in $OUT (first run, a changed pin, or a changed file)"
# apt-get download needs package lists; a fresh machine (or container) may have none.
packages=$(grep -v '^#' "$GLINT_SETUP/images.tsv" | tail -n +2 | cut -f2 | sort -u)
for p in $packages; do
  if ! apt-cache show --no-all-versions "$p" >/dev/null 2>&1; then
    echo "images: no apt package list for $p; running apt-get update"
    glint_as_root apt-get update -q
    break
  fi
done

mkdir -p "$OUT"
"$GLINT_PYTHON" "$GLINT_SETUP/images.py" fetch "$OUT" || glint_die "could not build the test photos (see above)"
