// The app's identity, one source for the installers (electron-builder.ts) and the running app (main.ts):
// Windows needs the same AppUserModelID in both for notifications and taskbar progress to belong to the
// installed app's shortcut.
export const APP_ID = 'org.bulkdesk.desk';
export const PRODUCT_NAME = 'Bulk Desk';
