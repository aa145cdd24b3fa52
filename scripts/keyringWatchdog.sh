#!/usr/bin/env bash
# Starts the test keyring again, unlocked, if its daemon dies while the tests run; exits with the tests.
# Why: gnome-keyring 42 can abort (SIGTRAP in GLib, `gkd_secret_service_get_pkcs11_session: assertion
# 'client' failed`) when a Secret Service client connects and vanishes at once — our suite starts many
# short-lived CLI processes and kills children at keychain points. D-Bus then activates a new daemon whose
# login keyring is locked, and every keychain test after it fails "unlock prompt was dismissed" for the
# machine, not the code (a fresh-clone run on 2026-12-05 lost 36 files that way). Desktops restart the
# daemon; here this does — and since a test can ask before this poll sees the abort (a fresh-clone run on
# 2026-12-06 lost one test so), scripts/test.sh also has D-Bus start any new daemon unlocked
# (scripts/keyringActivated.sh). It watches the daemon's process only (kill -0), never the Secret Service itself:
# a poll that connects and leaves would be the very client pattern that triggers the abort.
# Usage: keyringWatchdog.sh <pid of the test run> — runs until that process is gone.
set -uo pipefail
tests_pid="$1"
command -v gdbus >/dev/null || exit 0 # without gdbus the daemon's pid cannot be asked of D-Bus

# The process that owns org.freedesktop.secrets in this session, asked of the bus itself, not of the daemon.
owner_pid() {
  gdbus call --session --dest org.freedesktop.DBus --object-path /org/freedesktop/DBus \
    --method org.freedesktop.DBus.GetConnectionUnixProcessID org.freedesktop.secrets 2>/dev/null |
    sed -n 's/^(uint32 \([0-9]*\),)$/\1/p'
}

pid="$(owner_pid)"
[ -n "$pid" ] || exit 0 # nothing to watch: keyringReady.sh already said what the machine lacks
while kill -0 "$tests_pid" 2>/dev/null; do
  if ! kill -0 "$pid" 2>/dev/null; then
    # A test that asked in the meantime had D-Bus start one, unlocked by scripts/keyringActivated.sh: that
    # one is watched, not replaced under the test using it.
    now="$(owner_pid)"
    if [ -n "$now" ] && [ "$now" != "$pid" ] && kill -0 "$now" 2>/dev/null; then
      echo "test keyring: gnome-keyring-daemon (pid $pid) stopped during the tests; D-Bus started pid $now, unlocked" >&2
      pid="$now"
      continue
    fi
    echo "test keyring: gnome-keyring-daemon (pid $pid) stopped during the tests; starting it again, unlocked" >&2
    echo -n pw | gnome-keyring-daemon --replace --unlock --components=secrets >/dev/null
    bash "$(dirname "$0")/keyringReady.sh" || exit 1
    pid="$(owner_pid)"
    [ -n "$pid" ] || exit 1
  fi
  sleep 0.2
done
