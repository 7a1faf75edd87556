#!/usr/bin/env bash
# The one test command: provisions what the integration tests need (redis-server, chromium, dynalite, s3rver), builds the
# solution in Release, runs every test project and ends with one line "N passed, N failed".
#
#   bash scripts/test.sh                       # everything
#   bash scripts/test.sh --filter 'FullyQualifiedName~Iceberg'   # extra arguments go to `dotnet test`
#
# Environment knobs (all optional):
#   KICKSTARTER_SKIP_PROVISION=1   do not touch apt or npm (a machine you provisioned yourself)
#   KICKSTARTER_VALIDATE_INFRA=0   skip the offline infra checks (scripts/validate-infra.sh)
#   KICKSTARTER_HANG_TIMEOUT=15m   a single test running longer than this aborts its test host (dotnet test --blame-hang)
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"

export DOTNET_CLI_TELEMETRY_OPTOUT=1
export DOTNET_NOLOGO=1
export DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
export DEBIAN_FRONTEND=noninteractive

results_dir="$repo_root/TestResults"
dynalite_dir="$repo_root/tools/dynalite"
s3rver_dir="$repo_root/tools/s3rver"
# util-linux (unshare) and mount: KubernetesHostingProcessTests gives each silo a private mount namespace.
apt_packages=(redis-server chromium util-linux mount)

log() { printf '==> %s\n' "$*"; }

# ---------------------------------------------------------------------------------------------------------------------
# Cleanup. The test fixtures start and stop redis-server, dynalite and s3rver themselves; if a test host crashes they can be
# orphaned. Every process this run starts inherits a unique marker in its environment, so at exit we end exactly the
# processes that carry it (and nothing a developer started by hand, nor another run's services).
# ---------------------------------------------------------------------------------------------------------------------
run_marker="kickstarter-test-$$-$(date +%s%N)"
export KICKSTARTER_TEST_RUN="$run_marker"

processes_of_this_run() {
  local environ pid
  for environ in /proc/[0-9]*/environ; do
    pid="${environ#/proc/}"
    pid="${pid%/environ}"
    [[ "$pid" == "$$" || "$pid" == "$BASHPID" ]] && continue
    # Processes of other users or already gone cannot be read: they are not ours anyway.
    if { tr '\0' '\n' <"$environ"; } 2>/dev/null | grep -qxF "KICKSTARTER_TEST_RUN=$run_marker"; then
      printf '%s\n' "$pid"
    fi
  done
}

cleanup_done=0
cleanup() {
  ((cleanup_done)) && return 0
  cleanup_done=1
  # Commands run from here on must not carry the marker, or they would find themselves.
  export -n KICKSTARTER_TEST_RUN
  unset KICKSTARTER_TEST_RUN
  local pids
  pids="$(processes_of_this_run)"
  [[ -z "$pids" ]] && return 0
  log "stopping $(wc -w <<<"$pids") process(es) this run left behind: $(xargs -r ps -o comm= -p <<<"$pids" 2>/dev/null | sort | uniq -c | xargs || true)"
  # shellcheck disable=SC2086 # one pid per word on purpose
  kill -TERM $pids 2>/dev/null || true
  for _ in 1 2 3 4 5 6 7 8 9 10; do
    pids="$(processes_of_this_run)"
    [[ -z "$pids" ]] && return 0
    sleep 0.5
  done
  # shellcheck disable=SC2086
  kill -KILL $pids 2>/dev/null || true
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ---------------------------------------------------------------------------------------------------------------------
# Provisioning: only what is missing, so a second run goes straight to the build.
# ---------------------------------------------------------------------------------------------------------------------
as_root() {
  if [[ "$(id -u)" == 0 ]]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo --preserve-env=DEBIAN_FRONTEND "$@"
  else
    echo "error: '$*' needs root (run as root or install sudo)" >&2
    return 1
  fi
}

is_installed() {
  dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'ok installed'
}

provision_apt() {
  local missing=() pkg
  for pkg in "${apt_packages[@]}"; do
    is_installed "$pkg" || missing+=("$pkg")
  done
  command -v npm >/dev/null 2>&1 || missing+=(npm)
  if ((${#missing[@]} == 0)); then
    log "apt packages present: ${apt_packages[*]}"
    return 0
  fi
  log "installing apt packages: ${missing[*]}"
  local apt_log
  apt_log="$(mktemp)"
  if ! { as_root apt-get update -qq && as_root apt-get install -y -qq --no-install-recommends "${missing[@]}"; } >"$apt_log" 2>&1; then
    tail -n 40 "$apt_log" >&2
    rm -f "$apt_log"
    echo "error: apt-get could not install: ${missing[*]}" >&2
    return 1
  fi
  rm -f "$apt_log"
}

# A tool's node_modules is stale when its package.json or package-lock.json changed since the last install.
npm_stamp() {
  cat "$1/package.json" "$1/package-lock.json" 2>/dev/null | sha256sum | cut -d' ' -f1
}

# $1 = tool directory under tools/, $2 = the installed package's folder under node_modules (its presence is checked).
provision_npm_tool() {
  local dir="$1" package="$2" name stamp_file want
  name="$(basename "$dir")"
  stamp_file="$dir/node_modules/.kickstarter-install-stamp"
  if [[ ! -f "$dir/package.json" ]]; then
    echo "error: $dir/package.json is missing" >&2
    return 1
  fi
  want="$(npm_stamp "$dir")"
  if [[ -d "$dir/node_modules/$package" && -f "$stamp_file" && "$(cat "$stamp_file")" == "$want" ]]; then
    log "$name node_modules up to date"
    return 0
  fi
  log "npm install --prefix tools/$name"
  npm install --prefix "$dir" --no-audit --no-fund --loglevel=error
  printf '%s\n' "$want" >"$stamp_file"
}

provision_dynalite() { provision_npm_tool "$dynalite_dir" dynalite; }
provision_s3rver() { provision_npm_tool "$s3rver_dir" @20minutes/s3rver; }

# ---------------------------------------------------------------------------------------------------------------------
# Results: sum the Counters of every TRX file the run wrote.
# ---------------------------------------------------------------------------------------------------------------------
trx_counter() {
  # $1 = attribute name, $2 = file; prints the attribute of <Counters .../> or 0.
  grep -o '<Counters [^>]*>' "$2" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]\+' || echo 0
}

summarise_trx() {
  local passed=0 failed=0 skipped=0 files=0 trx n attr
  while IFS= read -r -d '' trx; do
    files=$((files + 1))
    passed=$((passed + $(trx_counter passed "$trx")))
    for attr in failed error timeout aborted; do
      n="$(trx_counter "$attr" "$trx")"
      failed=$((failed + n))
    done
    skipped=$((skipped + $(trx_counter notExecuted "$trx")))
  done < <(find "$results_dir" -name '*.trx' -print0 2>/dev/null)
  printf '%s %s %s %s\n' "$passed" "$failed" "$skipped" "$files"
}

# ---------------------------------------------------------------------------------------------------------------------
# Main
# ---------------------------------------------------------------------------------------------------------------------
solution=""
for candidate in Kickstarter.sln Kickstarter.slnx; do
  [[ -f "$candidate" ]] && solution="$candidate" && break
done
if [[ -z "$solution" ]]; then
  echo "error: no Kickstarter.sln (or .slnx) in $repo_root" >&2
  exit 1
fi

if [[ "${KICKSTARTER_SKIP_PROVISION:-0}" != 1 ]]; then
  provision_apt
  provision_dynalite
  provision_s3rver
fi

log "dotnet restore $solution"
dotnet restore "$solution" --nologo

log "dotnet build $solution -c Release"
dotnet build "$solution" -c Release --no-restore --nologo

log "bash scripts/check-style.sh"
style_status="ok"
bash "$repo_root/scripts/check-style.sh" || style_status="FAILED"

infra_status="skipped"
if [[ "${KICKSTARTER_VALIDATE_INFRA:-1}" != 0 ]]; then
  log "bash scripts/validate-infra.sh"
  if bash "$repo_root/scripts/validate-infra.sh"; then
    infra_status="ok"
  else
    infra_status="FAILED"
  fi
fi

rm -rf "$results_dir"
mkdir -p "$results_dir"

log "dotnet test $solution -c Release $*"
test_rc=0
dotnet test "$solution" -c Release --no-build --nologo \
  --results-directory "$results_dir" \
  --logger "trx" \
  --logger "console;verbosity=normal" \
  --blame-hang --blame-hang-timeout "${KICKSTARTER_HANG_TIMEOUT:-15m}" --blame-hang-dump-type none \
  "$@" || test_rc=$?

cleanup

read -r passed failed skipped trx_files < <(summarise_trx)
echo
log "dotnet test exit code: $test_rc; TRX files: $trx_files (in ${results_dir#"$repo_root"/}); infra checks: $infra_status; style checks: $style_status"

status=0
if ((test_rc != 0)); then status=1; fi
if ((failed > 0)); then status=1; fi
if ((passed + failed == 0)); then
  echo "error: no test ran" >&2
  status=1
fi
if [[ "$style_status" == "FAILED" ]]; then
  echo "error: scripts/check-style.sh failed (see above)" >&2
  status=1
fi
if [[ "$infra_status" == "FAILED" ]]; then
  echo "error: scripts/validate-infra.sh failed (see above)" >&2
  status=1
fi

if ((skipped > 0)); then
  echo "$passed passed, $failed failed, $skipped skipped"
else
  echo "$passed passed, $failed failed"
fi
exit "$status"
