#!/usr/bin/env bash
# What D-Bus runs when a test asks for the Secret Service and no keyring daemon holds the name — after
# gnome-keyring 42 aborted mid-run (`trap int3` in libglib, seen in fresh-clone runs). The system's own
# service file starts a LOCKED daemon, which asks for a password through a prompter that cannot open here:
# the test in flight failed ("unlock prompt was dismissed") before scripts/keyringWatchdog.sh, polling,
# could replace it. This starts it unlocked, with the test session's password, as scripts/test.sh does.
echo -n pw | exec gnome-keyring-daemon --foreground --unlock --components=secrets
