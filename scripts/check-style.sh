#!/usr/bin/env bash
# What the build cannot check: line length. Product code (Connectors, Grains, Silo) keeps C# lines at most 140
# characters; tests and benchmarks at most 160 (raw JSON and YAML literals included: split them by concatenation).
# The build checks the rest (.editorconfig: naming, braces, usings, CA rules; StyleCop: no `this.`, one type per file).
# Prints each offending line as path:line: length, exits 1 if there is any. Run by scripts/test.sh.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

status=0
check() { # $1 = limit, rest = files
  local limit=$1
  shift
  (($# == 0)) && return 0
  local long
  long=$(awk -v limit="$limit" 'length($0) > limit { printf "%s:%d: %d characters (limit %d)\n", FILENAME, FNR, length($0), limit }' "$@")
  if [[ -n "$long" ]]; then
    printf '%s\n' "$long" >&2
    status=1
  fi
}

mapfile -t product < <(git ls-files '*.cs' | grep -v '^Tests/\|^Benchmarks/')
mapfile -t tests < <(git ls-files '*.cs' | grep '^Tests/\|^Benchmarks/')
check 140 "${product[@]}"
check 160 "${tests[@]}"

if ((status != 0)); then
  echo "error: C# lines over the limit (see above)" >&2
else
  echo "style: ${#product[@]} product files within 140 characters, ${#tests[@]} test and benchmark files within 160"
fi
exit "$status"
