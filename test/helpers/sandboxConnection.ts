import type { Output } from '../../src-shared/contract/api';
import type { Services } from '../../src-main/services';
import type { Sandbox } from '../../src-main/sandbox/index';
import { callOk } from './callOk';

/**
 * A saved Coursepath connection named `name` to `sandbox` with its real key, as an admin adds one (not the
 * built-in sandbox connection: a saved connection has a canary and the real LMS's rules).
 */
export function saveCoursepathConnection(
  s: Services,
  sandbox: Sandbox,
  name: string,
): Promise<Output<'connections.save'>> {
  const cp = sandbox.credentials.coursepath;
  return callOk(s, 'connections.save', {
    name,
    baseUrl: cp.baseUrl,
    identity: { api: 'coursepath', email: cp.email },
    secret: cp.apiKey,
  });
}
