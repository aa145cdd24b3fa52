// Content formats across the catalog: how many screens of each screen type (video, quiz, text…) the
// courses hold, and in how many courses each appears. Coassemble only (Coursepath courses expose no
// screens). The screen types list itself is retired (404), so types come from each screen's own `type`.
import { courseKey, type SourceRef, type SyncedData } from './types';
import { percent } from './stats';

export interface ContentFormatRow extends SourceRef {
  typeName: string;
  typeTitle: string;
  screens: number;
  courses: number;
  /** This type's screens / all screens of the source × 100. */
  share: number | null;
}

export function contentFormats(data: Pick<SyncedData, 'courses' | 'screens'>): ContentFormatRow[] {
  const courses = new Map(data.courses.map((c) => [courseKey(c.connectionId, c.courseId), c]));
  const byType = new Map<string, { ref: SourceRef; typeName: string; typeTitle: string; screens: number; courses: Set<string> }>();
  const totals = new Map<string, number>();
  for (const s of data.screens) {
    const course = courses.get(courseKey(s.connectionId, s.courseId));
    if (!course) continue; // a screen of a course no longer in the catalog
    const k = `${s.connectionId}\u0000${s.typeName}`;
    const t = byType.get(k) ?? {
      ref: { connectionId: course.connectionId, source: course.source, api: course.api },
      typeName: s.typeName,
      typeTitle: s.typeTitle,
      screens: 0,
      courses: new Set<string>(),
    };
    t.screens++;
    t.courses.add(s.courseId);
    byType.set(k, t);
    totals.set(s.connectionId, (totals.get(s.connectionId) ?? 0) + 1);
  }
  return [...byType.values()]
    .map((t) => ({
      ...t.ref,
      typeName: t.typeName,
      typeTitle: t.typeTitle,
      screens: t.screens,
      courses: t.courses.size,
      share: percent(t.screens, totals.get(t.ref.connectionId) ?? 0),
    }))
    .sort((a, b) => a.source.localeCompare(b.source) || b.screens - a.screens || a.typeName.localeCompare(b.typeName));
}
