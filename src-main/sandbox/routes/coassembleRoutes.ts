// Every Coassemble headless route, relative to /api/v1/headless (alias /v1/headless).
// Order matters where a literal and a parameter share a position (e.g. /user/trackings before /user/:identifier).
import type { Route } from '../router';
import { coassembleCourseRoutes } from './coassembleCourses';
import { coassembleEmbedRoutes } from './coassembleEmbed';
import { coassembleIdentityRoutes } from './coassembleIdentities';
import { coassembleTrackingRoutes } from './coassembleTrackings';
import { coassembleTranslationRoutes } from './coassembleTranslations';

export const coassembleRoutes: Route[] = [
  ...coassembleTrackingRoutes,
  ...coassembleCourseRoutes,
  ...coassembleEmbedRoutes,
  ...coassembleIdentityRoutes,
  ...coassembleTranslationRoutes,
];
