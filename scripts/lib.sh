# shellcheck shell=bash
# Helpers sourced by scripts/test and scripts/demo. Each ensure_* function is idempotent: it installs
# or builds only what is missing or stale, so a warm second run costs little.
# Callers cd to the repository root before sourcing this file.

# Local tools (tsc, eslint, vitest) without npx's start-up cost.
PATH="$PWD/node_modules/.bin:$PATH"
export PATH

say() { printf '==> %s\n' "$*"; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# Prints the packages listed in scripts/debian-packages.txt, one a line, comments and blanks dropped.
project_debian_packages() {
  sed -e 's/#.*//' -e 's/[[:space:]]*$//' -e '/^[[:space:]]*$/d' scripts/debian-packages.txt
}

# ensure_debian_packages PKG...: installs the packages that dpkg does not report as installed.
# apt-get update runs at most once per process, and only when something is missing.
# Works as root, or through sudo when it is available.
ensure_debian_packages() {
  local missing=() pkg
  if ! command -v dpkg-query >/dev/null 2>&1; then
    say "not a Debian system: make sure these are installed: $*"
    return 0
  fi
  for pkg in "$@"; do
    if [[ "$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)" != "install ok installed" ]]; then
      missing+=("$pkg")
    fi
  done
  ((${#missing[@]} > 0)) || return 0

  local as_root=()
  if ((EUID != 0)); then
    command -v sudo >/dev/null 2>&1 || die "need root or sudo to install: ${missing[*]}"
    as_root=(sudo)
  fi
  say "installing Debian packages: ${missing[*]}"
  if [[ -z "${MFA_APT_UPDATED:-}" ]]; then
    "${as_root[@]}" apt-get update -q
    MFA_APT_UPDATED=1
  fi
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -q --no-install-recommends "${missing[@]}"
}

# Fails unless Node.js >= 20 is on PATH (package.json engines: >=20.19).
ensure_node() {
  command -v node >/dev/null 2>&1 || die "Node.js 20 is required (node not found on PATH)"
  local major
  major=$(node -p 'process.versions.node.split(".")[0]')
  ((major >= 20)) || die "Node.js >= 20 is required, found $(node --version)"
}

# Runs `npm ci` when node_modules is missing or package-lock.json is newer than npm's own record of
# the last install (node_modules/.package-lock.json). Native addons (better-sqlite3, the PC/SC binding)
# compile from source with node-gyp, which finds Node's headers only through npm_config_nodedir;
# we set it here instead of relying on a machine's ~/.npmrc.
ensure_node_modules() {
  export npm_config_update_notifier=false
  if [[ -f /usr/include/node/node.h ]]; then
    export npm_config_nodedir=/usr
  fi
  local stamp=node_modules/.package-lock.json
  if [[ -d node_modules && -f "$stamp" && ! package-lock.json -nt "$stamp" ]]; then
    return 0
  fi
  say "installing npm dependencies (npm ci)"
  npm ci --no-audit --no-fund
  touch "$stamp"
}

# Compiles agent/, drivers/, web/, scripts/ and bench/ into dist/ (incremental: the build info lives in
# dist/, so deleting dist/ forces a full build). Returns tsc's status; tsc emits even when it reports errors.
ensure_build() {
  say "building (tsc -p tsconfig.json)"
  tsc -p tsconfig.json --incremental
}
