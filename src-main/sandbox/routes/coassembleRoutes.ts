// Every Coassemble headless route, relative to /api/v1/headless (alias /v1/headless).
// Order matters where a literal and a parameter share a position (e.g. /user/trackings before /user/:identifier).
import type { Route } from '../router';
import { coassembleIdentityRoutes } from './coassembleIdentities';

export const coassembleRoutes: Route[] = [...coassembleIdentityRoutes];
