// Every Coursepath route, relative to /api/v1 (the 24 of seed 002, and a programs list seed 002 does not name). Order matters: /members/me before
// /members/:memberId.
import type { Route } from '../router';
import { coursepathCourseRoutes } from './coursepathCourses';
import { coursepathEnrolmentRoutes } from './coursepathEnrolments';
import { coursepathGroupRoutes } from './coursepathGroups';
import { coursepathInviteRoutes } from './coursepathInvites';
import { coursepathMemberRoutes } from './coursepathMembers';
import { coursepathProgramRoutes } from './coursepathPrograms';

export const coursepathRoutes: Route[] = [
  ...coursepathMemberRoutes,
  ...coursepathCourseRoutes,
  ...coursepathEnrolmentRoutes,
  ...coursepathInviteRoutes,
  ...coursepathGroupRoutes,
  ...coursepathProgramRoutes,
];
