// `--cli`: the installed app's command line. Release builds turn Electron's RunAsNode fuse off
// (electron-builder.ts), so `ELECTRON_RUN_AS_NODE=1 "Bulk Desk" cli.js` — which would let any program use
// the signed app binary as a general Node.js interpreter — does not work; instead main looks for this
// switch before anything else and runs the CLI in the main process, with no window and no single-instance
// lock, then exits with the CLI's exit code:
//   Linux    bulk-desk --cli jobs list            (deb: /usr/bin/bulk-desk; AppImage: ./Bulk-Desk-*.AppImage --cli …)
//   macOS    "/Applications/Bulk Desk.app/Contents/MacOS/Bulk Desk" --cli jobs list
//   Windows  "%LOCALAPPDATA%\Programs\Bulk Desk\Bulk Desk.exe" --cli jobs list
// Plain TypeScript (no 'electron'), unit-tested.

export const CLI_SWITCH = '--cli';

/**
 * The CLI's own arguments when `argv` (process.argv) asks for the CLI, else null. `--cli` must come first:
 * after the executable (and, running unpackaged, the app's path), with only Chromium switches such as
 * `--ozone-platform=headless` before it, so a file named "--cli" among a double-clicked file's arguments,
 * or an argument of a CLI command, is never taken for it.
 */
export function cliArguments(argv: readonly string[], packaged: boolean): string[] | null {
  const isSwitch = (a: string | undefined) => a !== undefined && a !== CLI_SWITCH && a.startsWith('--');
  let i = 1;
  while (isSwitch(argv[i])) i++;
  if (!packaged) {
    if (argv[i] === CLI_SWITCH || argv[i] === undefined) return null; // `electron --cli`: no app path
    i++; // the app's path (`electron . --cli …`)
    while (isSwitch(argv[i])) i++;
  }
  return argv[i] === CLI_SWITCH ? argv.slice(i + 1) : null;
}
