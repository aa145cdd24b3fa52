// Every endpoint template, end to end against the built-in sandbox: one realistic spreadsheet row →
// buildRequest (exactly what preview, test-send and the runner build) → signed as the app signs →
// sent with the app's HTTP client → a 2xx, and the sandbox's ledger saw exactly that one request.
//
// Sample values are real records of the sandbox's seed-7 demo data (src-main/sandbox/state/seedData.ts),
// chosen by what makes each call meaningful (a member not yet enrolled for "enrol", an existing
// enrolment for "remove", a soft-deleted course for "restore" …). The sandbox is reset before every
// case, so each case starts from the seeded state and the cases do not depend on their order.
// No keychain: the secrets come straight from `sandbox.credentials`.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ConnectionIdentity } from '../../../src-shared/contract/api';
import { resolveTemplate, TEMPLATES } from '../../../src-shared/connectors/catalog';
import { MANUAL_TEMPLATE_ID, type ManualConfig } from '../../../src-shared/connectors/customTemplate';
import type { ApiKind, Template } from '../../../src-shared/connectors/types';
import { buildRequest } from '../../../src-shared/mapping/buildRequest';
import type { BuiltRequest, Mapping, RowValues } from '../../../src-shared/mapping/types';
import { startSandbox, type LedgerEntry, type Sandbox } from '../../../src-main/sandbox/index';
import { ADMIN_EMAIL } from '../../../src-main/sandbox/credentials';
import { formToObject } from '../../../src-main/sandbox/http/body';
import { seedState } from '../../../src-main/sandbox/state/seedData';
import type { ConnectionSecret } from '../../../src-main/services/credentials';
import { sendHttp, type HttpResponse } from '../../../src-main/services/http';
import { authorizationFor } from '../../../src-main/services/signing';

const SEED = 7;

// ---------------------------------------------------------------------------------------------------
// Seeded records to use (the same generator, seed and admin email as the sandbox started below).

const seeded = seedState(SEED, ADMIN_EMAIL);
const cpState = seeded.coursepath;
const caState = seeded.coassemble;

function need<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`seed ${SEED} has no ${what}`);
  return value;
}

// Coursepath academy.
const learners = [...cpState.members.values()].filter((m) => m.role === 'learner');
const cpCourses = [...cpState.courses.values()];
const cpPrograms = [...cpState.programs.values()];
const enrolments = [...cpState.courseMembers.values()];
const programMemberships = [...cpState.programMembers.values()];
const groupNamed = (name: string) =>
  need(
    [...cpState.groups.values()].find((g) => g.name === name),
    `group "${name}"`,
  );

const memberToUpdate = need(learners[0], 'learner');
const notEnrolled = need(
  learners
    .slice(1)
    .flatMap((m) => cpCourses.map((c) => ({ member: m, course: c })))
    .find(({ member, course }) => !cpState.courseMembers.has(`${course.id}:${member.id}`)),
  'learner outside some course',
);
const enrolmentToRemove = need(enrolments[0], 'course enrolment');
const enrolmentToInvite = need(
  enrolments.find((e) => e.memberId !== enrolmentToRemove.memberId),
  'second course enrolment',
);
const notInProgram = need(
  learners
    .flatMap((m) => cpPrograms.map((p) => ({ member: m, program: p })))
    .find(({ member, program }) => !cpState.programMembers.has(`${program.id}:${member.id}`)),
  'learner outside some program',
);
const programMembershipToRemove = need(programMemberships[0], 'program membership');
const programMembershipToInvite = need(
  programMemberships.find((p) => p.memberId !== programMembershipToRemove.memberId),
  'second program membership',
);
const pendingInvite = need(
  learners.find((m) => m.activated === null),
  'learner who has not activated yet',
);
const newHires = groupNamed('New hires');
const notANewHire = need(
  learners.find((m) => !newHires.memberIds.has(m.id)),
  'learner outside "New hires"',
);
const sales = groupNamed('Sales');
const inSales = need(
  learners.find((m) => sales.memberIds.has(m.id)),
  'learner in "Sales"',
);
const inSomeGroup = need(
  learners.find(
    (m) => m.id !== inSales.id && [...cpState.groups.values()].some((g) => g.memberIds.has(m.id)),
  ),
  'learner in a group',
);

// Coassemble workspace.
const caCourses = [...caState.courses.values()];
const translations = [...caState.translations.values()];
const translationFr = need(
  translations.find((t) => t.language === 'fr'),
  'fr translation',
);
const translationEs = need(
  translations.find((t) => t.language === 'es-ES'),
  'es-ES translation',
);
const translatedCourseId = translationFr.courseId;
const liveCourses = caCourses.filter(
  (c) => c.published !== null && c.deleted === null && c.id !== translatedCourseId,
);
const courseToEmbed = need(liveCourses[0], 'published course');
const courseToDuplicate = need(liveCourses[1], 'second published course');
const courseToRevert = need(liveCourses[2], 'third published course');
const courseToDelete = need(liveCourses.at(-1), 'published course');
const draftCourse = need(
  caCourses.find((c) => c.published === null && c.deleted === null),
  'draft course',
);
const softDeletedCourse = need(
  caCourses.find((c) => c.deleted !== null),
  'soft-deleted course',
);
const clientIds = [...caState.clients.keys()];
const clientToDelete = need(clientIds.at(-1), 'client');
// Users outside the client that is deleted, so every case's user is one the sandbox still has.
const caUsers = [...caState.users.values()].filter((u) => u.clientIdentifier !== clientToDelete);
const withClient = caUsers.filter((u) => u.clientIdentifier !== null);
const author = need(withClient[0], 'user with a client');
const learner = need(withClient[1], 'second user with a client');
const leaver = need(withClient[2], 'third user with a client');
const userWithoutClient = need(
  caUsers.find((u) => u.clientIdentifier === null),
  'user without a client',
);
const trackingToDelete = need(
  [...caState.trackings.values()].find(
    (t) => t.identifier !== leaver.identifier && caUsers.some((u) => u.identifier === t.identifier),
  ),
  'tracking',
);
const otherClient = need(
  clientIds.find((c) => c !== clientToDelete && c !== author.clientIdentifier),
  'second client',
);

// ---------------------------------------------------------------------------------------------------
// One realistic row per template: the cells of a spreadsheet whose columns are named like the fields.

interface TemplateCase {
  row: Record<string, string>;
  /** What the sandbox must record: the path as sent (still percent-encoded) and the query string, if any. */
  path: string;
  query?: string;
  status: number;
}

const CP = '/api/v1';
const CA = '/api/v1/headless';

const CASES: Record<string, TemplateCase> = {
  'coursepath.members.create': {
    row: {
      email: 'jordan.reyes@acme.test',
      name: 'Jordan Reyes',
      firstname: 'Jordan',
      lastname: 'Reyes',
      company: 'Acme Corp',
      department: 'Sales',
      country: 'US',
      externalId: 'EMP-4821',
    },
    path: `${CP}/members`,
    status: 201,
  },
  'coursepath.members.update': {
    row: {
      memberId: String(memberToUpdate.id),
      email: '',
      name: '',
      company: 'Globex',
      department: 'Engineering',
      country: 'GB',
      externalId: 'EMP-7310',
    },
    path: `${CP}/members/${memberToUpdate.id}`,
    status: 200,
  },
  // Create or update, as a plan's job sends it: here an existing member's id (an update).
  'coursepath.members.upsert': {
    row: {
      memberId: String(memberToUpdate.id),
      email: memberToUpdate.email,
      company: 'Initech',
      department: 'Finance',
    },
    path: `${CP}/members/${memberToUpdate.id}`,
    status: 200,
  },
  'coursepath.courses.createMember': {
    row: {
      courseId: String(need(cpCourses[0], 'course').id),
      email: 'priya.shah@globex.test',
      name: 'Priya Shah',
      company: 'Globex',
      department: 'Support',
      country: 'AU',
    },
    path: `${CP}/courses/${need(cpCourses[0], 'course').id}/members`,
    status: 201,
  },
  'coursepath.programs.createMember': {
    row: {
      programId: String(need(cpPrograms[0], 'program').id),
      email: 'lars.berg@initech.test',
      firstname: 'Lars',
      lastname: 'Berg',
      company: 'Initech',
      externalId: 'EMP-5502',
    },
    path: `${CP}/programs/${need(cpPrograms[0], 'program').id}/members`,
    status: 201,
  },
  'coursepath.courses.enrol': {
    row: { courseId: String(notEnrolled.course.id), memberId: String(notEnrolled.member.id) },
    path: `${CP}/courses/${notEnrolled.course.id}/members/${notEnrolled.member.id}/coursemember`,
    status: 201,
  },
  'coursepath.courses.unenrol': {
    row: { courseId: String(enrolmentToRemove.courseId), memberId: String(enrolmentToRemove.memberId) },
    path: `${CP}/courses/${enrolmentToRemove.courseId}/members/${enrolmentToRemove.memberId}/coursemember`,
    status: 200,
  },
  'coursepath.programs.add': {
    row: { programId: String(notInProgram.program.id), memberId: String(notInProgram.member.id) },
    path: `${CP}/programs/${notInProgram.program.id}/members/${notInProgram.member.id}/programmember`,
    status: 201,
  },
  'coursepath.programs.remove': {
    row: {
      programId: String(programMembershipToRemove.programId),
      memberId: String(programMembershipToRemove.memberId),
    },
    path: `${CP}/programs/${programMembershipToRemove.programId}/members/${programMembershipToRemove.memberId}/programmember`,
    status: 200,
  },
  'coursepath.members.invite': {
    row: {
      memberId: String(pendingInvite.id),
      mailSubject: 'Your Sandbox Academy account is waiting',
      mailBody: `Hi ${pendingInvite.firstname}, your compliance training starts on Monday & takes 20 minutes.`,
      mailAction: 'Activate my account',
    },
    path: `${CP}/members/${pendingInvite.id}/invite`,
    status: 200,
  },
  'coursepath.courses.invite': {
    row: {
      courseId: String(enrolmentToInvite.courseId),
      memberId: String(enrolmentToInvite.memberId),
      mailSubject: `Reminder: ${need(cpState.courses.get(enrolmentToInvite.courseId), 'course').name}`,
    },
    path: `${CP}/courses/${enrolmentToInvite.courseId}/members/${enrolmentToInvite.memberId}/invite`,
    status: 200,
  },
  'coursepath.programs.invite': {
    row: {
      programId: String(programMembershipToInvite.programId),
      memberId: String(programMembershipToInvite.memberId),
      mailAction: 'Start the program',
    },
    path: `${CP}/programs/${programMembershipToInvite.programId}/members/${programMembershipToInvite.memberId}/invite`,
    status: 200,
  },
  'coursepath.groups.add': {
    row: { memberId: String(notANewHire.id), name: newHires.name },
    path: `${CP}/members/${notANewHire.id}/groups`,
    status: 201,
  },
  'coursepath.groups.remove': {
    row: { memberId: String(inSales.id), name: sales.name },
    path: `${CP}/members/${inSales.id}/groups`,
    query: `name=${sales.name}`,
    status: 200,
  },
  'coursepath.groups.removeAll': {
    row: { memberId: String(inSomeGroup.id) },
    path: `${CP}/members/${inSomeGroup.id}/groups`,
    status: 200,
  },
  'coassemble.courses.signedUrl': {
    row: {
      action: 'view',
      courseId: String(courseToEmbed.id),
      identifier: learner.identifier,
      clientIdentifier: learner.clientIdentifier ?? '',
      name: learner.name ?? '',
      avatar: 'https://cdn.acme.test/avatars/42.png',
      options: '{"back":"event"}',
    },
    path: `${CA}/embed/course`,
    status: 200,
  },
  'coassemble.courses.generate': {
    row: {
      prompt: 'Create a course about spotting phishing emails',
      audience: 'new hires in customer support',
      familiarity: 'beginner',
      tone: 'friendly',
      screenCount: '6',
      identifier: author.identifier,
      clientIdentifier: author.clientIdentifier ?? '',
    },
    path: `${CA}/generate/course`,
    status: 201,
  },
  'coassemble.courses.duplicate': {
    row: {
      courseId: String(courseToDuplicate.id),
      identifier: author.identifier,
      clientIdentifier: otherClient,
    },
    path: `${CA}/course/${courseToDuplicate.id}/duplicate`,
    status: 201,
  },
  'coassemble.courses.publish': {
    row: { courseId: String(draftCourse.id) },
    path: `${CA}/course/${draftCourse.id}/publish`,
    status: 200,
  },
  'coassemble.courses.revert': {
    row: { courseId: String(courseToRevert.id) },
    path: `${CA}/course/${courseToRevert.id}/revert`,
    status: 200,
  },
  'coassemble.courses.delete': {
    row: { courseId: String(courseToDelete.id) },
    path: `${CA}/course/${courseToDelete.id}`,
    status: 200,
  },
  'coassemble.courses.restore': {
    row: { courseId: String(softDeletedCourse.id) },
    path: `${CA}/course/${softDeletedCourse.id}/restore`,
    status: 200,
  },
  'coassemble.clients.upsert': {
    row: {
      identifier: 'umbrella-health',
      metadata: '{"company":"Umbrella Health","tier":"gold","region":"EMEA"}',
    },
    path: `${CA}/client/umbrella-health`,
    status: 200,
  },
  'coassemble.clients.delete': {
    row: { identifier: clientToDelete },
    path: `${CA}/client/${clientToDelete}`,
    status: 200,
  },
  'coassemble.users.upsert': {
    row: {
      identifier: userWithoutClient.identifier,
      clientIdentifier: otherClient,
      name: userWithoutClient.name ?? '',
      metadata: '{"department":"Finance","location":"Berlin"}',
    },
    path: `${CA}/user/${userWithoutClient.identifier}`,
    status: 200,
  },
  'coassemble.users.delete': {
    row: {
      identifier: leaver.identifier,
      action: 'reallocate',
      reallocateTo: author.identifier,
      clientIdentifier: leaver.clientIdentifier ?? '',
    },
    path: `${CA}/user/${leaver.identifier}`,
    query: `action=reallocate&reallocateTo=${author.identifier}&clientIdentifier=${leaver.clientIdentifier ?? ''}`,
    status: 200,
  },
  'coassemble.trackings.delete': {
    row: { id: String(trackingToDelete.courseId), identifier: trackingToDelete.identifier },
    path: `${CA}/tracking`,
    status: 200,
  },
  'coassemble.translations.create': {
    row: { courseId: String(translatedCourseId), language: 'de' },
    path: `${CA}/translation/translate/${translatedCourseId}`,
    status: 201,
  },
  'coassemble.translations.setDefault': {
    row: { courseId: String(translatedCourseId), language: translationFr.language },
    path: `${CA}/translation/default/${translatedCourseId}/${translationFr.language}`,
    status: 200,
  },
  'coassemble.translations.sync': {
    row: { courseId: String(translatedCourseId), language: translationFr.language },
    path: `${CA}/translation/sync/${translatedCourseId}/${translationFr.language}`,
    status: 200,
  },
  'coassemble.translations.delete': {
    row: { courseId: String(translatedCourseId), language: translationEs.language },
    path: `${CA}/translation/${translatedCourseId}/${translationEs.language}`,
    status: 200,
  },
};

// The manual configuration ("Configure Manually"): method + URL with {column} placeholders.
interface ManualCase {
  label: string;
  config: ManualConfig;
  columns: string[];
  cells: string[];
  path: string;
  status: number;
  body: unknown;
}

const MANUAL_CASES: ManualCase[] = [
  {
    label: 'publish a course by its "Course ID" column (the guide\'s example URL)',
    config: { method: 'POST', url: '/api/v1/headless/course/{Course ID}/publish', exclude: ['Course ID'] },
    columns: ['Course ID'],
    cells: [String(draftCourse.id)],
    path: `${CA}/course/${draftCourse.id}/publish`,
    status: 200,
    body: {},
  },
  {
    label: 'upsert a user from a full https URL, with an extra header',
    config: {
      method: 'PUT',
      url: 'https://api.coassemble.com/api/v1/headless/user/{identifier}',
      headers: { 'X-Source': 'hr-export' },
      exclude: ['identifier'],
    },
    columns: ['identifier', 'clientIdentifier', 'name', 'email'],
    cells: [learner.identifier, otherClient, 'Ava Okafor-Lindqvist', 'ava.okafor@acme.test'],
    path: `${CA}/user/${learner.identifier}`,
    status: 200,
    body: { clientIdentifier: otherClient, name: 'Ava Okafor-Lindqvist', email: 'ava.okafor@acme.test' },
  },
];

// ---------------------------------------------------------------------------------------------------

let sandbox: Sandbox;
let connections: Record<ApiKind, { identity: ConnectionIdentity; secret: ConnectionSecret }>;

beforeAll(async () => {
  sandbox = await startSandbox({ seed: SEED });
  const c = sandbox.credentials;
  expect(c.coursepath.email).toBe(ADMIN_EMAIL); // the seeded picks above assume this academy admin
  expect(c.coassemble.baseUrl).toBe(sandbox.url);
  // The connections the app registers for the sandbox (src-main/services.ts), signed the same way.
  connections = {
    coursepath: {
      identity: { api: 'coursepath', email: c.coursepath.email },
      secret: { api: 'coursepath', apiKey: c.coursepath.apiKey },
    },
    coassemble: {
      identity: { api: 'coassemble', scheme: 'workspace', workspaceId: c.coassemble.workspaceId },
      secret: {
        api: 'coassemble',
        scheme: 'workspace',
        workspaceId: c.coassemble.workspaceId,
        apiKey: c.coassemble.apiKey,
      },
    },
  };
});

afterAll(async () => {
  await sandbox?.close();
});

beforeEach(() => {
  sandbox.reset();
});

/** Every cell mapped to the field of the same key, as auto-match does for a file with those headers. */
function columnMapping(template: Template, row: RowValues): Mapping {
  const fields: Mapping['fields'] = {};
  for (const f of template.fields)
    if (Object.hasOwn(row, f.key)) fields[f.key] = { kind: 'column', column: f.key };
  return { fields };
}

function lastSeq(): number {
  return sandbox.ledger.entries().at(-1)?.seq ?? 0;
}

/** Signed at send time, per request, exactly as the runner does (a fresh JWT for Coursepath). */
function send(api: ApiKind, request: BuiltRequest): Promise<HttpResponse> {
  const { identity, secret } = connections[api];
  return sendHttp({
    method: request.method,
    url: sandbox.url + request.pathAndQuery,
    headers: { ...request.headers, Authorization: authorizationFor(identity, secret) },
    body: request.body,
    timeoutMs: 10_000,
  });
}

/** The body as the sandbox decodes it (JSON, or PHP-style form with `mail[subject]` nesting). */
function decodedBody(request: BuiltRequest): unknown {
  if (request.body === null) return undefined;
  if (request.headers['Content-Type'] === 'application/x-www-form-urlencoded') {
    return formToObject(new URLSearchParams(request.body));
  }
  return JSON.parse(request.body);
}

function at(value: unknown, dotted: string): unknown {
  let v = value;
  for (const k of dotted.split('.'))
    v = v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined;
  return v;
}

/** Sends one built request and checks the 2xx and the ledger: exactly this request, once. */
async function sendAndWitness(
  template: Template,
  request: BuiltRequest,
  expected: { path: string; query?: string; status: number },
): Promise<{ res: HttpResponse; entry: LedgerEntry }> {
  const before = lastSeq();
  const res = await send(template.api, request);
  expect(res.status, `${template.id}: ${res.body}`).toBeGreaterThanOrEqual(200);
  expect(res.status, `${template.id}: ${res.body}`).toBeLessThan(300);
  expect(res.status, `${template.id}: ${res.body}`).toBe(expected.status);
  const seen = sandbox.ledger.since(before);
  expect(seen).toHaveLength(1);
  const entry = seen[0]!;
  expect(entry).toMatchObject({
    api: template.api,
    method: template.method,
    path: expected.path,
    status: res.status,
    outcome: 'ok',
  });
  expect(entry.query).toBe(expected.query);
  expect(entry.body).toEqual(decodedBody(request));
  if (template.api === 'coursepath') expect(entry.email).toBe(ADMIN_EMAIL);
  return { res, entry };
}

describe('every catalog template builds a request the sandbox accepts (seed 7)', () => {
  it('has a sample row for every template in the catalog, and no row for a template that is gone', () => {
    expect(Object.keys(CASES).sort()).toEqual(TEMPLATES.map((t) => t.id).sort());
  });

  it.each(TEMPLATES)('$id — $name', async (template) => {
    const c = need(CASES[template.id], `sample row for ${template.id}`);
    const { request, issues } = buildRequest(template, columnMapping(template, c.row), c.row);
    expect(issues).toEqual([]);
    expect(request).not.toBeNull();
    expect(request!.method).toBe(template.method);
    expect(Object.keys(request!.headers).map((h) => h.toLowerCase())).not.toContain('authorization');

    const { res } = await sendAndWitness(template, request!, c);

    // What the template captures per row is really in the sandbox's answer.
    for (const [label, path] of Object.entries(template.capture ?? {})) {
      if (path === '') expect(res.body, label).not.toBe('');
      else expect(at(JSON.parse(res.body), path), label).toBeDefined();
    }
    if (template.id === 'coassemble.courses.signedUrl')
      expect(res.body).toMatch(`${sandbox.url}/embed/view/`);
  });

  it.each(MANUAL_CASES)(`${MANUAL_TEMPLATE_ID} — Coassemble: manual configuration, $label`, async (c) => {
    const mapping: Mapping = { fields: {}, manual: c.config };
    const template = resolveTemplate(MANUAL_TEMPLATE_ID, mapping, c.columns);
    expect(template).toBeDefined();
    const row: RowValues = Object.fromEntries(c.columns.map((col, i) => [col, c.cells[i] ?? '']));
    const { request, issues } = buildRequest(template!, mapping, row);
    expect(issues).toEqual([]);
    expect(request).not.toBeNull();
    expect(request!.method).toBe(c.config.method);
    for (const [k, v] of Object.entries(c.config.headers ?? {})) expect(request!.headers[k]).toBe(v);

    const { entry } = await sendAndWitness(template!, request!, c);
    expect(entry.body).toEqual(c.body);
  });
});

// A row without a required value: the sandbox would answer 4xx, so buildRequest refuses it and nothing is
// sent. The 4xx is shown by sending the same row through a copy of the template that does not require
// the field (what a careless client would do).
interface NegativeCase {
  api: ApiKind;
  templateId: string;
  field: string;
  row: Record<string, string>;
  path: string;
  message: RegExp;
}

const NEGATIVE: NegativeCase[] = [
  {
    api: 'coursepath',
    templateId: 'coursepath.members.create',
    field: 'email',
    row: { email: '', name: 'Casey Lee', company: 'Initech', department: 'Finance' },
    path: `${CP}/members`,
    message: /email is required/,
  },
  {
    api: 'coassemble',
    templateId: 'coassemble.courses.generate',
    field: 'tone',
    row: {
      prompt: 'Create a course about expense claims',
      audience: 'managers',
      familiarity: 'intermediate',
      tone: '',
      screenCount: '8',
      identifier: author.identifier,
    },
    path: `${CA}/generate/course`,
    message: /tone is required/,
  },
];

describe('a row missing a required value never reaches the sandbox', () => {
  it.each(NEGATIVE)(
    '$api: $templateId without $field is refused by buildRequest (the sandbox says 4xx)',
    async (c) => {
      const template = need(
        TEMPLATES.find((t) => t.id === c.templateId),
        c.templateId,
      );
      const mapping = columnMapping(template, c.row);
      const before = lastSeq();
      const { request, issues } = buildRequest(template, mapping, c.row);
      expect(request).toBeNull();
      expect(issues).toContainEqual(expect.objectContaining({ field: c.field, level: 'error' }));
      expect(sandbox.ledger.since(before)).toHaveLength(0);

      const lax: Template = {
        ...template,
        fields: template.fields.map((f) => (f.key === c.field ? { ...f, required: false } : f)),
      };
      const sent = buildRequest(lax, mapping, c.row);
      expect(sent.request).not.toBeNull();
      const res = await send(c.api, sent.request!);
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      expect(res.body).toMatch(c.message);
      const seen = sandbox.ledger.since(before);
      expect(seen).toHaveLength(1);
      expect(seen[0]).toMatchObject({ method: template.method, path: c.path, status: res.status });
    },
  );
});
