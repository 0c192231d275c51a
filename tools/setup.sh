#!/usr/bin/env bash
# glint set-up (work in progress by helper-1).
set -euo pipefail
echo "set-up: not implemented yet" >&2
exit 1
