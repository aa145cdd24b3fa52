// The installers (electron-builder, which finds this file by its name): Linux AppImage and deb, macOS dmg
// (one universal app for Intel and Apple silicon), Windows NSIS. `npm run dist -- --linux` (or --mac,
// --win) builds them from out/ (`npm run build`) on a machine that can download Electron; the workflow
// .github/workflows/build.yml builds all three. test/unit/firstRun/builderConfig.test.ts loads this file
// the way electron-builder does and validates it against electron-builder's own schema.
import type { Configuration } from 'electron-builder';
import { APP_ID, PRODUCT_NAME } from './src-main/electron/appIdentity';

/** Opening one of these starts an import (src-main/electron/openFiles.ts). */
export const FILE_ASSOCIATIONS = [
  { ext: 'csv', name: 'CSV spreadsheet', mimeType: 'text/csv' },
  { ext: 'tsv', name: 'TSV spreadsheet', mimeType: 'text/tab-separated-values' },
  {
    ext: 'xlsx',
    name: 'Excel workbook',
    mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  },
] as const;

/** The update feed built into the installers (src-main/electron/updateFeed.ts): none unless set. */
const updateUrl = process.env.BULKDESK_UPDATE_URL?.trim() || null;

const config: Configuration = {
  appId: APP_ID,
  productName: PRODUCT_NAME,
  copyright: 'Copyright © Bulk Desk contributors',
  directories: { output: 'dist', buildResources: 'resources' },
  icon: 'resources/icon.png', // 1024×1024; electron-builder makes .icns, .ico and the Linux sizes from it
  // No spaces in file names: bulk-desk-0.1.0-x86_64.AppImage, bulk-desk-0.1.0-universal.dmg, …
  artifactName: '${name}-${version}-${arch}.${ext}',
  // What goes into app.asar: the build (main with the CLI, preload, renderer) and package.json; the
  // runtime dependencies from node_modules are added by electron-builder. Sources, maps and the native
  // modules' C sources and local builds stay out: better-sqlite3 loads its prebuilt binary.
  files: [
    'out/**/*',
    'package.json',
    '!out/**/*.map',
    '!**/node_modules/better-sqlite3/{deps,src,build}/**',
    '!**/node_modules/better-sqlite3/binding.gyp',
    '!**/node_modules/*/{README.md,CHANGELOG.md,*.d.ts}',
    // better-sqlite3 carries a binary for every platform: keep this platform's (both archs: universal).
    '!**/node_modules/better-sqlite3/prebuilds/**',
    '**/node_modules/better-sqlite3/prebuilds/${platform}-*.node',
  ],
  asar: true,
  // Node-API modules with prebuilt binaries for every platform in their npm packages (design.md): no
  // rebuild against Electron's headers, which would need a compiler and the network.
  npmRebuild: false,
  // Hardened Electron (@electron/fuses, flipped by electron-builder before signing):
  electronFuses: {
    // Off: `ELECTRON_RUN_AS_NODE=1 "Bulk Desk" any.js` would make the signed app a general Node
    // interpreter for anyone, with the app's keychain access. The CLI runs as `Bulk Desk --cli …`
    // instead (src-main/electron/cliSwitch.ts), in the app's own main process, with no window.
    runAsNode: false,
    // Only our app.asar, and only as it was built: its hash is checked on load (macOS, Windows).
    onlyLoadAppFromAsar: true,
    enableEmbeddedAsarIntegrityValidation: true,
    // NODE_OPTIONS / NODE_EXTRA_CA_CERTS and --inspect cannot inject code or a debugger.
    enableNodeOptionsEnvironmentVariable: false,
    enableNodeCliInspectArguments: false,
    enableCookieEncryption: true,
    loadBrowserProcessSpecificV8Snapshot: false,
    // Stays on: the renderer is loaded from file:// as ES modules, which need it. Serving it from a
    // custom app:// protocol instead would let this fuse go off too.
    grantFileProtocolExtraPrivileges: true,
    // Unsigned Apple silicon builds need a fresh ad-hoc signature after the fuses change; a signed build
    // is signed again afterwards anyway.
    resetAdHocDarwinSignature: true,
  },
  // Offered in "Open with" (and on macOS and Linux, without taking the default away from Excel or
  // LibreOffice: rank Alternate).
  fileAssociations: FILE_ASSOCIATIONS.map((a) => ({ ...a, role: 'Viewer', rank: 'Alternate' })),
  // Where electron-updater looks (generic: a folder served over HTTPS with what this build wrote into
  // dist/). Without BULKDESK_UPDATE_URL at build time: no feed in the installer, updates off.
  publish: updateUrl ? [{ provider: 'generic', url: updateUrl }] : null,
  linux: {
    target: ['AppImage', 'deb'],
    category: 'Office',
    executableName: 'bulk-desk', // deb: /usr/bin/bulk-desk, so `bulk-desk --cli …` works from a shell
    synopsis: 'Spreadsheets to signed LMS API calls (Coassemble, Coursepath)',
    maintainer: 'Bulk Desk contributors <bulk-desk@users.noreply.github.com>',
  },
  deb: {
    // The keychain is the Secret Service (libsecret); gnome-keyring provides one where no desktop does.
    depends: [
      'libgtk-3-0',
      'libnotify4',
      'libnss3',
      'libxss1',
      'libxtst6',
      'xdg-utils',
      'libatspi2.0-0',
      'libuuid1',
      'libsecret-1-0',
    ],
    recommends: ['gnome-keyring'],
    artifactName: '${name}_${version}_${arch}.${ext}', // Debian's own convention: bulk-desk_0.1.0_amd64.deb
  },
  mac: {
    target: [{ target: 'dmg', arch: ['universal'] }],
    category: 'public.app-category.business',
    hardenedRuntime: true,
    // Both macOS builds of each native module ride in both halves of the universal app; each arch
    // loads its own, so these same-in-both binaries are expected.
    x64ArchFiles: '**/node_modules/{better-sqlite3/prebuilds/darwin-*.node,@napi-rs/keyring-darwin-*/*.node}',
  },
  dmg: { title: '${productName} ${version}' },
  win: {
    target: [{ target: 'nsis', arch: ['x64'] }],
  },
  nsis: {
    oneClick: false,
    perMachine: false, // per user, no administrator rights needed; IT can still pass /allusers
    allowElevation: true,
    allowToChangeInstallationDirectory: true,
    createDesktopShortcut: true,
    shortcutName: PRODUCT_NAME,
    artifactName: '${name}-setup-${version}.${ext}',
  },
};

export default config;
