// A number as the cell holds it, as Excel keeps it: 15 significant digits, in plain notation.

/**
 * A number as the cell holds it, to the 15 significant digits Excel keeps (0.30000000000000004 is 0.3),
 * in plain notation (0.0000001234567890123, not 1.23456789012E-07; 1000000000000000000000, not 1e+21).
 */
export function fullValue(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const rounded = Number(v.toPrecision(15));
  const text = String(rounded);
  if (!text.includes('e')) return text;
  const [mantissa, exponent] = rounded.toExponential().split('e') as [string, string];
  const digits = mantissa.replace(/[-.]/g, '');
  const decimals = digits.length - 1 - Number(exponent);
  // 22 digits or more: its significant digits, then zeros (1000000000000000000000, not 1e+21).
  if (decimals < 0) return `${rounded < 0 ? '-' : ''}${digits}${'0'.repeat(-decimals)}`;
  return decimals <= 100 ? rounded.toFixed(decimals) : text;
}
