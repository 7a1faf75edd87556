#!/usr/bin/env bash
# Offline checks of the deployment descriptions, no Docker, cloud account or cluster needed:
#   1. Terraform: `terraform fmt -check` of infra/terraform, infra/confluent and infra/snowflake, then
#      `terraform init` + `terraform validate` of each module that needs no provider but AWS (infra/terraform/*,
#      infra/confluent/aws-secrets, infra/confluent/rotation-schedule) against the local provider mirror (a
#      TF_CLI_CONFIG_FILE written here; no registry access), and `terraform test` where a module has tests/ (mocked
#      providers, offline). The infra/confluent root needs the confluentinc/confluent and hashicorp/time providers,
#      which the mirror lacks: it gets the fmt check here and `terraform validate` in CI (.github/workflows).
#      infra/snowflake needs snowflakedb/snowflake, also missing from the mirror: fmt check only.
#   2. compose.yaml against the Compose specification JSON schema, infra/k8s against the Kubernetes OpenAPI models,
#      Silo/Dockerfile and .dockerignore structurally, .github/workflows against the workflow syntax, and the Grafana
#      dashboard against the metric list (node infra/validate/validate.mjs).
#   3. `kubectl kustomize` of infra/k8s and infra/k8s-overlays/example, where kubectl is installed.
# Prints one line per check and exits non-zero if any fails. Takes 30-100 s (most of it terraform test).
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"

export CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1 TF_INPUT=0
failures=0
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

pass() { printf 'ok   %s\n' "$1"; }
fail() {
  printf 'FAIL %s\n' "$1"
  failures=$((failures + 1))
}

# The mirror root is the folder above registry.terraform.io; the image carries hashicorp/aws there. CI names one it
# made itself (`terraform providers mirror`) in KICKSTARTER_TF_MIRROR, sparing a search of the whole disk.
find_mirror_root() {
  if [[ -n "${KICKSTARTER_TF_MIRROR:-}" ]]; then
    [[ -d "$KICKSTARTER_TF_MIRROR/registry.terraform.io" ]] || return 1
    printf '%s\n' "$KICKSTARTER_TF_MIRROR"
    return 0
  fi
  local provider
  provider="$(find / -xdev \( -path /proc -o -path /sys -o -path "$repo_root" \) -prune -o \
    -name 'terraform-provider-aws_*' -path '*registry.terraform.io/hashicorp/aws/*' -print -quit 2>/dev/null || true)"
  [[ -n "$provider" ]] || return 1
  printf '%s\n' "${provider%%/registry.terraform.io/*}"
}

check_terraform() {
  if ! command -v terraform >/dev/null 2>&1; then
    fail "terraform: not installed"
    return
  fi
  local mirror
  if ! mirror="$(find_mirror_root)"; then
    fail "terraform: no provider mirror found (looked for terraform-provider-aws_* under registry.terraform.io/)"
    return
  fi
  cat >"$work/terraform.rc" <<RC
provider_installation {
  filesystem_mirror {
    path    = "$mirror"
    include = ["registry.terraform.io/*/*"]
  }
  direct {
    exclude = ["registry.terraform.io/*/*"]
  }
}
RC
  export TF_CLI_CONFIG_FILE="$work/terraform.rc"

  local tree
  for tree in infra/terraform infra/confluent infra/snowflake; do
    if terraform fmt -check -recursive "$tree" >"$work/fmt.log" 2>&1; then
      pass "terraform fmt -check $tree"
    else
      fail "terraform fmt -check $tree (run: terraform fmt -recursive $tree); files:"
      sed 's/^/       /' "$work/fmt.log"
    fi
  done

  local module name copy
  for module in infra/terraform/*/ infra/confluent/*/; do
    [[ -f "$module/versions.tf" ]] || continue
    name="${module%/}"
    # Work on a copy so that .terraform/ and the lock file never land in the repository.
    copy="$work/modules/${name//\//_}"
    mkdir -p "$copy"
    cp "$module"/*.tf "$copy"/
    [[ -d "$module/tests" ]] && cp -r "$module/tests" "$copy/tests"
    if terraform -chdir="$copy" init -backend=false -input=false -no-color >"$work/init.log" 2>&1 &&
      terraform -chdir="$copy" validate -no-color >"$work/validate.log" 2>&1; then
      pass "terraform init + validate $name (mirror $mirror)"
    else
      fail "terraform init + validate $name"
      cat "$work/init.log" "$work/validate.log" 2>/dev/null | sed 's/^/       /'
      continue
    fi
    if [[ -d "$copy/tests" ]]; then
      if terraform -chdir="$copy" test -no-color >"$work/test.log" 2>&1; then
        pass "terraform test $name ($(grep -Eo '[0-9]+ passed' "$work/test.log" | tail -1), offline)"
      else
        fail "terraform test $name"
        sed 's/^/       /' "$work/test.log"
      fi
    fi
  done
}

# Installs the validator's pinned npm packages when they are missing or package.json changed.
ensure_validator() {
  local dir="$repo_root/infra/validate" stamp want
  stamp="$dir/node_modules/.kickstarter-install-stamp"
  want="$(cat "$dir/package.json" "$dir/package-lock.json" 2>/dev/null | sha256sum | cut -d' ' -f1)"
  if [[ -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; then
    return 0
  fi
  npm install --prefix "$dir" --no-audit --no-fund --loglevel=error >"$work/npm.log" 2>&1 || {
    sed 's/^/       /' "$work/npm.log"
    return 1
  }
  printf '%s\n' "$want" >"$stamp"
}

check_descriptions() {
  if ! command -v node >/dev/null 2>&1; then
    fail "compose/k8s/Dockerfile/workflows/dashboard: node is not installed"
    return
  fi
  if ! ensure_validator; then
    fail "compose/k8s/Dockerfile/workflows/dashboard: npm install --prefix infra/validate failed"
    return
  fi
  local line
  if node infra/validate/validate.mjs "$repo_root" >"$work/validate-node.log" 2>&1; then
    while IFS= read -r line; do printf '%s\n' "$line"; done <"$work/validate-node.log"
  else
    cat "$work/validate-node.log"
    failures=$((failures + 1))
  fi
}

# kustomize itself on infra/k8s and the example overlay, where kubectl (which embeds kustomize) is installed; the node
# check above reads the manifests without it. Machines without kubectl (the CI container) say so and go on.
check_kustomize() {
  if ! command -v kubectl >/dev/null 2>&1; then
    printf 'note kubectl kustomize: kubectl is not installed, kustomize build not run (the node check covers infra/k8s)\n'
    return
  fi
  local dir
  for dir in infra/k8s infra/k8s-overlays/example; do
    if kubectl kustomize "$dir" >"$work/kustomize.yaml" 2>"$work/kustomize.log"; then
      pass "kubectl kustomize $dir ($(grep -c '^kind:' "$work/kustomize.yaml") objects)"
    else
      fail "kubectl kustomize $dir"
      sed 's/^/       /' "$work/kustomize.log"
    fi
  done
  # The overlay's IAM role reaches the ServiceAccount.
  if kubectl kustomize infra/k8s-overlays/example 2>/dev/null | grep -q 'eks.amazonaws.com/role-arn: arn:aws:iam::444455556666:role/'; then
    pass "kubectl kustomize infra/k8s-overlays/example sets the overlay's IAM role"
  else
    fail "kubectl kustomize infra/k8s-overlays/example: the ServiceAccount does not carry the overlay's IAM role"
  fi
}

check_terraform
check_descriptions
check_kustomize

if ((failures > 0)); then
  echo "infra checks: $failures failed"
  exit 1
fi
echo "infra checks: all passed"
