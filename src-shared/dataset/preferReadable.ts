// The close call between single-byte encodings. Every byte is a character in Windows-1250, -1252,
// -1251 and their ISO cousins, so no candidate has bytes it cannot decode, and on a short staff list
// chardet's byte statistics put them within a few points of each other: Windows-1252's head start (it is
// the commonest legacy encoding of spreadsheets) then read Polish, Czech and Hungarian files as
// "Ko³owski", "Dvoøák" and "Lõrinc" (issue 15). Among the single-byte candidates close to the best, the
// one whose words read as words wins (misreadWords.ts); when they read equally well, the order stands.
import { misreadShare } from './misreadWords';

export interface Candidate {
  encoding: string;
  /** 0–100. */
  confidence: number;
  /** The sample as this encoding decodes it. */
  text: string;
  singleByte: boolean;
}

/** How many points below the best a single-byte candidate may be and still win on its words. */
export const CLOSE_CALL_POINTS = 25;

/**
 * The candidates, best first (as given), re-ranked when a close single-byte one reads better than the
 * best: it takes the best's confidence, and each candidate it beat loses points for its misread words.
 */
export function preferReadable<T extends Candidate>(ranked: readonly T[]): T[] {
  const leader = ranked[0];
  if (!leader?.singleByte) return [...ranked];
  const close = ranked.filter((c) => c.singleByte && c.confidence >= leader.confidence - CLOSE_CALL_POINTS);
  if (close.length < 2) return [...ranked];
  const share = new Map(close.map((c) => [c, misreadShare(c.text)]));
  const cleanest = Math.min(...share.values());
  const winner = close.find((c) => share.get(c) === cleanest)!;
  if (winner === leader) return [...ranked];
  const adjusted = ranked.map((c) => {
    if (c === winner) return { ...c, confidence: leader.confidence };
    const s = share.get(c);
    if (s === undefined || s === cleanest) return c;
    return {
      ...c,
      confidence: Math.max(
        0,
        Math.min(c.confidence, leader.confidence - 1) - Math.round(50 * (s - cleanest)),
      ),
    };
  });
  // Stable: the winner first among equals, the rest in their order.
  return adjusted.sort(
    (a, b) =>
      b.confidence - a.confidence ||
      (a.encoding === winner.encoding ? -1 : b.encoding === winner.encoding ? 1 : 0),
  );
}
