#!/usr/bin/env bash
# Waits until the Secret Service in this D-Bus session answers with its default collection unlocked.
# Why: once (2026-12-04) a gnome-keyring started by D-Bus activation — locked, with no display to ask for
# a password — answered instead of the unlocked one test.sh had just started, and every keychain test
# failed with "couldn't create system prompt". After 2 s without an unlocked collection, a daemon started
# with --replace takes the name over, unlocked (tried: it mends an activated daemon); failing that, one
# clear line says the machine is at fault before any test runs.
set -uo pipefail
command -v gdbus >/dev/null || exit 0 # without gdbus, nothing to ask: the tests say what they find

locked() {
  gdbus call --session --dest org.freedesktop.secrets --object-path /org/freedesktop/secrets/aliases/default \
    --method org.freedesktop.DBus.Properties.Get org.freedesktop.Secret.Collection Locked 2>/dev/null
}

for attempt in $(seq 1 50); do
  case "$(locked)" in
    *false*) exit 0 ;;
    *) [ "$attempt" = 10 ] && echo -n pw | gnome-keyring-daemon --replace --unlock --components=secrets >/dev/null ;;
  esac
  sleep 0.2
done
echo "The test keyring is not ready: the Secret Service in this D-Bus session did not answer with an unlocked default collection within 10 s ($(locked || echo 'no answer')). Keychain tests would fail for the machine, not the code; stopping." >&2
exit 1
