#!/usr/bin/env bash
# `npm test`: type-check, lint, unit + integration tests (vitest), then end-to-end tests (Playwright
# driving Debian's Chromium against `npm run serve`'s UI) — all inside a private D-Bus session with an
# unlocked gnome-keyring, so keychain tests use the real Secret Service and never touch the user's keyring;
# scripts/keyringWatchdog.sh starts that keyring again, unlocked, if its daemon aborts mid-run.
set -euo pipefail
cd "$(dirname "$0")/.."

# An older Node would crash loading the native modules: say so and stop (scripts/checkNode.mjs).
node scripts/checkNode.mjs

if [ -z "${BULKDESK_KEYRING_SESSION:-}" ]; then
  if command -v dbus-run-session >/dev/null && command -v gnome-keyring-daemon >/dev/null; then
    XDG_DATA_HOME="$(mktemp -d)"
    export XDG_DATA_HOME BULKDESK_KEYRING_SESSION=1
    # The session bus's own config, with one service first: a keyring daemon D-Bus starts for a test (the
    # first one aborted) comes up unlocked (scripts/keyringActivated.sh), not asking for a password.
    bus="$XDG_DATA_HOME/dbus"
    mkdir -p "$bus/services"
    printf '[D-BUS Service]\nName=org.freedesktop.secrets\nExec=/usr/bin/env bash "%s"\n' \
      "$PWD/scripts/keyringActivated.sh" >"$bus/services/org.freedesktop.secrets.service"
    printf '<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"\n "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">\n<busconfig>\n  <servicedir>%s</servicedir>\n  <include>/usr/share/dbus-1/session.conf</include>\n</busconfig>\n' \
      "$bus/services" >"$bus/session.conf"
    exec dbus-run-session --config-file="$bus/session.conf" -- bash -c \
      'echo -n pw | gnome-keyring-daemon --unlock --components=secrets >/dev/null; bash scripts/keyringReady.sh || exit 1
       bash scripts/keyringWatchdog.sh $$ & exec bash scripts/test.sh "$@"' _ "$@"
  fi
  echo "note: dbus-run-session or gnome-keyring-daemon not found; keychain tests will use whatever keyring is available." >&2
fi

# Tests use their own keychain service name, so a developer's saved connections are never touched.
export BULKDESK_KEYCHAIN_SERVICE="bulk-desk-test-$$"

step() { printf '\n\033[1m== %s ==\033[0m\n' "$1"; }
step "type-check"; npm run --silent typecheck
step "lint"; npm run --silent lint
# Built before the vitest run: the CLI tests run the built CLI (out/main/cli.js) through the bin, as an
# installed package does, and test/integration/firstRun checks the build output the installers carry.
step "build"; npx electron-vite build >/dev/null
step "unit and integration tests"; npx vitest run
step "end-to-end tests (Chromium)"; npx playwright test
