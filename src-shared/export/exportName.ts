// The name History suggests for a job's export (src-renderer/stores/exportStore.ts): the file's name,
// then when the job was made on the admin's clock — as History's Started column shows it, not in UTC,
// which dates an evening's job the next day west of Greenwich.

const two = (n: number) => String(n).padStart(2, '0');

/** `sample-users-2026-12-03-2346` for sample-users.csv, made at 11:46 PM on 3 Dec 2026. */
export function exportStem(fileName: string, createdAt: number): string {
  const stem = fileName.replace(/\.[^.]+$/, '').replace(/[^\w.-]+/g, '_') || 'job';
  const d = new Date(createdAt);
  const day = `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}`;
  return `${stem}-${day}-${two(d.getHours())}${two(d.getMinutes())}`;
}
