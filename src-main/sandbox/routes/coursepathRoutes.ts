// Every Coursepath route, relative to /api/v1. Order matters: /members/me before /members/:memberId.
import type { Route } from '../router';
import { coursepathMemberRoutes } from './coursepathMembers';

export const coursepathRoutes: Route[] = [...coursepathMemberRoutes];
