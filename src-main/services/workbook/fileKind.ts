// What a workbook file is by its bytes (a ZIP, an OLE container), whether it is whole, and whether SheetJS's
// error about it means it is damaged.
import * as XLSX from '@e965/xlsx';

export const isZip = (b: Buffer): boolean => b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;
export const isOle = (b: Buffer): boolean =>
  b.readUInt32BE(0) === 0xd0cf11e0 && b.readUInt32BE(4) === 0xa1b11ae1;

/**
 * Whether a ZIP still has the record every ZIP file ends with (the end of its directory, in its last 64 KB):
 * a copy cut short has lost it, and SheetJS then reads on through whatever it finds.
 */
export function zipHasEnd(b: Buffer): boolean {
  const last = b.length - 22;
  const at = last < 0 ? -1 : b.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]), last);
  return at >= 0 && at >= last - 0xffff;
}

/**
 * Whether SheetJS's error means the file is damaged rather than not a workbook: a ZIP part that does not
 * inflate (zlib's Z_ codes) or is not the size its directory says; an OLE file (.xls) whose container cannot
 * be read, or that holds an Excel workbook stream SheetJS could not read. A password is not damage.
 */
export function isDamaged(e: unknown, input: Buffer | string): boolean {
  const message = e instanceof Error ? e.message : String(e);
  if (typeof input === 'string' || /password|encrypt/i.test(message)) return false;
  if (isZip(input)) {
    const code = (e as { code?: unknown } | null)?.code;
    return (typeof code === 'string' && code.startsWith('Z_')) || /^Bad (un)?compressed size/.test(message);
  }
  if (!isOle(input)) return false;
  try {
    const cfb = XLSX.CFB.read(input, { type: 'buffer' });
    return Boolean(XLSX.CFB.find(cfb, '/Workbook') ?? XLSX.CFB.find(cfb, '/Book'));
  } catch {
    return true;
  }
}
