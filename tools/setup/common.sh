# Helpers shared by tools/*.sh and tools/setup/*.sh (bash). Source it, don't run it.
# Sets GLINT_ROOT (the repository) and GLINT_SETUP (this folder), and exports GLINT_CACHE_DIR as
# an absolute path: a relative value is taken relative to the directory the caller started in.

GLINT_SETUP=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
GLINT_ROOT=$(cd "$GLINT_SETUP/../.." && pwd)
if [ -n "${GLINT_CACHE_DIR:-}" ]; then
  case "$GLINT_CACHE_DIR" in /*) ;; *) GLINT_CACHE_DIR="$PWD/$GLINT_CACHE_DIR" ;; esac
else
  GLINT_CACHE_DIR="$GLINT_ROOT/.cache"
fi
export GLINT_CACHE_DIR
# Debian's python3 (python3-pil lives there); another python3 first in PATH may lack Pillow.
if [ -z "${GLINT_PYTHON:-}" ]; then
  if [ -x /usr/bin/python3 ]; then GLINT_PYTHON=/usr/bin/python3; else GLINT_PYTHON=python3; fi
fi

glint_die() {
  printf 'ERROR: %s\n' "$*" >&2
  exit 1
}

# Runs a command as root: directly when we are root, else through sudo.
glint_as_root() {
  if [ "$(id -u)" = 0 ]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    glint_die "this step needs root and sudo is not installed: $*"
  fi
}

glint_now() { date +%s.%N; }
# Seconds since START (a glint_now value), one decimal.
glint_since() { awk -v a="$1" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }'; }

# glint_check_list LIST DIR [quiet|loud] [LABEL]
# LIST has lines "sha256  relative/path  [anything]" ('#' lines are comments). Every file must
# exist below DIR with that hash. Prints each problem (unless quiet) with the expected and the
# actual hash, naming files as LABEL/path (default DIR/path); returns 1 if there was one.
# One sha256sum process hashes all the files.
glint_check_list() {
  local list=$1 dir=$2 quiet=${3:-} label=${4:-$2} bad=0 sum path rest actual i=0
  [ "$quiet" = quiet ] || quiet=
  local -a want=() files=()
  while read -r sum path rest; do
    case "$sum" in '' | '#'*) continue ;; esac
    if [ ! -f "$dir/$path" ]; then
      [ -n "$quiet" ] || printf 'missing: %s/%s\n' "$label" "$path" >&2
      bad=1
      continue
    fi
    want+=("$sum")
    files+=("$path")
  done <"$list"
  [ ${#files[@]} -gt 0 ] || return "$bad"
  while read -r actual rest; do
    if [ "$actual" != "${want[$i]}" ]; then
      [ -n "$quiet" ] || printf 'sha256 mismatch for %s/%s\n  expected %s\n  actual   %s\n' \
        "$label" "${files[$i]}" "${want[$i]}" "$actual" >&2
      bad=1
    fi
    i=$((i + 1))
  done < <(cd "$dir" && sha256sum -- "${files[@]}")
  return "$bad"
}

# Stamp text for a list file: changes whenever the list (or the recipe tag) changes.
glint_stamp_of() { printf '%s %s\n' "$1" "$(sha256sum <"$2" | cut -c1-64)"; }
