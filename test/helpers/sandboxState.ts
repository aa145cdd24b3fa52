// The sandbox's whole state (GET /__sandbox/state, the same plain arrays as seedFigures' `Plain`), and
// the figures a complete sync must reach, computed straight from it — independently of the sync code.
import type { Plain } from './seedFigures';

export async function sandboxState(baseUrl: string): Promise<Plain> {
  const res = await fetch(`${baseUrl}/__sandbox/state`);
  return (await res.json()) as Plain;
}

export function expectedCounts(s: Plain) {
  const liveCourses = s.coassemble.courses.filter((c) => c.deleted === null);
  const live = new Set(liveCourses.map((c) => c.id));
  return {
    coassemble: {
      courses: liveCourses.length,
      screens: liveCourses.reduce((n, c) => n + c.screens.length, 0),
      clients: s.coassemble.clients.length,
      users: s.coassemble.users.length,
      trackings: s.coassemble.trackings.filter((t) => live.has(t.courseId)).length,
    },
    coursepath: {
      courses: s.coursepath.courses.length,
      members: s.coursepath.members.length,
      groups: s.coursepath.groups.length,
      groupMembers: s.coursepath.groups.reduce((n, g) => n + g.memberIds.length, 0),
      courseMembers: s.coursepath.courseMembers.length,
    },
  };
}
