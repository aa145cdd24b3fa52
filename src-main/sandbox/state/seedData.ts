// Seeded demo data: same seed → same courses, learners, trackings and enrolments, so reads and reports
// have something real to show and tests can rely on it. Dates sit in 2026 on a fixed anchor.
import { mulberry32, pick, randInt, type Rng } from '../prng';
import type {
  CaCourse,
  CaScreen,
  CaUser,
  CoassembleState,
  CoursepathState,
  CpMember,
  SandboxState,
} from './types';

const ANCHOR = Date.UTC(2026, 0, 5, 9, 0, 0);
const DAY = 86_400_000;

const FIRST = ['Olivia', 'Liam', 'Emma', 'Noah', 'Ava', 'Lucas', 'Mia', 'Ethan', 'Sofia', 'Mateo', 'Chloe', 'Arjun', 'Hana', 'Kofi', 'Ingrid', 'Yusuf', 'Priya', 'Tomás', 'Aiko', 'Finn', 'Zara', 'Lars', 'Amara', 'Diego'];
const LAST = ['Smith', 'Nguyen', 'Patel', 'García', 'Müller', 'Kowalski', 'Okafor', 'Johansson', 'Rossi', 'Tanaka', 'Dubois', 'Murphy', 'Haddad', 'Silva', 'Novak', 'Brown', 'Kim', 'Andersen'];
const COMPANIES = [
  { name: 'Acme Corp', domain: 'acme.test' },
  { name: 'Globex', domain: 'globex.test' },
  { name: 'Initech', domain: 'initech.test' },
  { name: 'Umbrella Health', domain: 'umbrella.test' },
];
const DEPARTMENTS = ['Sales', 'Support', 'Engineering', 'Finance', 'Operations', 'People'];
const COUNTRIES = ['US', 'GB', 'AU', 'NL', 'DE', 'FR', 'CA', 'NZ'];

const CA_COURSE_TITLES = [
  'Workplace Safety Essentials',
  'Security Basics',
  'Customer Service Excellence',
  'Data Privacy and GDPR',
  'Onboarding: Your First Week',
  'Leading Effective Meetings',
  'Anti-Bribery and Corruption',
  'Product Knowledge: Core Platform',
  'Manual Handling',
  'Inclusive Language at Work',
  'Cyber Hygiene for Remote Teams',
  'Giving and Receiving Feedback',
];
const CP_COURSE_TITLES = [
  'Fire Safety Awareness',
  'Sales Fundamentals',
  'First Aid Refresher',
  'Code of Conduct 2026',
  'Negotiation Skills',
  'Time Management',
  'Health and Safety Induction',
  'Handling Difficult Conversations',
];
const SCREEN_TYPES = [
  { id: 1, name: 'text', title: 'Text', icon: 'text', premium: false, completable: 0 },
  { id: 2, name: 'process', title: 'Process', icon: 'process', premium: false, completable: 1 },
  { id: 3, name: 'checklist', title: 'Checklist', icon: 'checklist', premium: false, completable: 1 },
  { id: 4, name: 'flashcards', title: 'Flashcards', icon: 'flashcards', premium: false, completable: 1 },
  { id: 5, name: 'list', title: 'List', icon: 'list', premium: false, completable: 0 },
  { id: 6, name: 'quiz', title: 'Quiz', icon: 'quiz', premium: false, completable: 1 },
  { id: 7, name: 'video', title: 'Video', icon: 'video', premium: true, completable: 1 },
];

export function screenTypes(): CaScreen['type'][] {
  return SCREEN_TYPES.map((t) => ({ ...t }));
}

export function iso(ms: number): string {
  return new Date(ms).toISOString();
}

export function slug(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

export function makeScreens(rng: Rng, title: string, count: number, firstId: number): CaScreen[] {
  const screens: CaScreen[] = [];
  for (let i = 0; i < count; i++) {
    const type = i === count - 1 ? SCREEN_TYPES[5] : pick(rng, SCREEN_TYPES.slice(0, 5));
    screens.push({
      id: firstId + i,
      title: i === 0 ? `Welcome to ${title}` : i === count - 1 ? 'Check your knowledge' : `Part ${i}`,
      description: '',
      sequence: i,
      type: { ...(type ?? SCREEN_TYPES[0]!) },
    });
  }
  return screens;
}

function person(rng: Rng, used: Set<string>, domain: string): { first: string; last: string; email: string } {
  for (;;) {
    const first = pick(rng, FIRST);
    const last = pick(rng, LAST);
    const email = `${slug(first)}.${slug(last)}@${domain}`;
    if (!used.has(email)) {
      used.add(email);
      return { first, last, email };
    }
  }
}

function seedCoassemble(rng: Rng): CoassembleState {
  const s: CoassembleState = {
    courses: new Map(),
    clients: new Map(),
    users: new Map(),
    trackings: new Map(),
    translations: new Map(),
    nextCourseId: 0,
    nextScreenId: 310_000 + randInt(rng, 0, 999),
    nextTrackingId: 880_000 + randInt(rng, 0, 9_999),
    nextTranslationId: 5_100 + randInt(rng, 0, 99),
  };
  for (const c of COMPANIES.slice(0, 3)) {
    const at = iso(ANCHOR - randInt(rng, 30, 90) * DAY);
    const id = slug(c.name);
    s.clients.set(id, { clientIdentifier: id, metadata: { company: c.name, tier: pick(rng, ['gold', 'silver']) }, created: at, updated: at });
  }
  const clientIds = [...s.clients.keys()];
  const usedEmails = new Set<string>();
  for (let i = 0; i < 36; i++) {
    const clientIdentifier = i % 6 === 5 ? null : pick(rng, clientIds);
    const company = COMPANIES.find((c) => slug(c.name) === clientIdentifier) ?? COMPANIES[3]!;
    const p = person(rng, usedEmails, company.domain);
    let identifier = `usr_${randInt(rng, 10_000, 99_999)}`;
    while (s.users.has(identifier)) identifier = `usr_${randInt(rng, 10_000, 99_999)}`;
    const at = iso(ANCHOR + randInt(rng, 0, 60) * DAY + randInt(rng, 0, DAY - 1));
    const user: CaUser = {
      identifier,
      clientIdentifier,
      name: `${p.first} ${p.last}`,
      email: p.email,
      avatar: null,
      metadata: { department: pick(rng, DEPARTMENTS) },
      testMode: false,
      created: at,
      updated: at,
    };
    s.users.set(identifier, user);
  }
  let id = 41_200 + randInt(rng, 0, 99);
  const users = [...s.users.values()];
  CA_COURSE_TITLES.forEach((title, index) => {
    id += randInt(rng, 1, 17);
    const created = ANCHOR - randInt(rng, 20, 120) * DAY;
    const screens = makeScreens(rng, title, randInt(rng, 4, 10), s.nextScreenId);
    s.nextScreenId += screens.length;
    const draft = index === 4 || index === 9;
    const deleted = index === 11;
    const published = draft ? null : iso(created + randInt(rng, 1, 10) * DAY);
    const content = { title, description: `${title}: a short, practical course.`, screens };
    const course: CaCourse = {
      id,
      key: slug(title),
      identifier: null,
      clientIdentifier: index === 7 ? 'acme-corp' : null,
      ...content,
      created: iso(created),
      updated: published ?? iso(created),
      published,
      deleted: deleted ? iso(ANCHOR + randInt(rng, 200, 250) * DAY) : null,
      revision: published ? randInt(rng, 1, 4) : 0,
      publishedContent: published ? structuredClone(content) : null,
      hasDraftChanges: false,
    };
    s.courses.set(id, course);
    if (!published) return;
    for (const u of users) {
      if (rng() > 0.55) continue;
      const commenced = Date.parse(published) + randInt(rng, 1, 200) * DAY + randInt(rng, 0, DAY - 1);
      const done = rng() < 0.5;
      const progress = done ? 100 : randInt(rng, 5, 95);
      const score = done ? randInt(rng, 45, 100) : null;
      const completed = done ? commenced + randInt(rng, 600, 5 * DAY) : null;
      const tid = s.nextTrackingId;
      s.nextTrackingId += randInt(rng, 1, 5);
      s.trackings.set(tid, {
        id: tid,
        courseId: id,
        identifier: u.identifier,
        clientIdentifier: u.clientIdentifier,
        email: u.email,
        name: u.name,
        commenced: iso(commenced),
        completed: completed === null ? null : iso(completed),
        passed: score === null ? null : score >= 70,
        progress,
        score,
        totalTime: done ? randInt(rng, 300, 3_600) : randInt(rng, 30, 1_800),
        language: 'en',
        created: iso(commenced),
        updated: iso(completed ?? commenced),
      });
    }
  });
  s.nextCourseId = id + randInt(rng, 1, 17);
  const first = [...s.courses.values()][0]!;
  for (const language of ['fr', 'es-ES']) {
    const at = iso(ANCHOR + randInt(rng, 10, 40) * DAY);
    const tid = s.nextTranslationId++;
    s.translations.set(tid, { id: tid, courseId: first.id, language, isDefault: false, missingScreens: 0, created: at, updated: at, synced: at });
  }
  return s;
}

function seedCoursepath(rng: Rng, adminEmail: string): CoursepathState {
  const s: CoursepathState = {
    members: new Map(),
    memberIdsByEmail: new Map(),
    courses: new Map(),
    programs: new Map(),
    groups: new Map(),
    courseMembers: new Map(),
    programMembers: new Map(),
    outbox: [],
    nextMemberId: 0,
    nextGroupId: 0,
    nextInviteId: 1,
  };
  let memberId = 1_048_500 + randInt(rng, 0, 99);
  const addMember = (m: Omit<CpMember, 'id'>): CpMember => {
    memberId += randInt(rng, 1, 9);
    const member: CpMember = { id: memberId, ...m };
    s.members.set(member.id, member);
    s.memberIdsByEmail.set(member.email.toLowerCase(), member.id);
    return member;
  };
  const t0 = iso(ANCHOR - 200 * DAY);
  addMember({
    email: adminEmail, name: 'Sandbox Admin', firstname: 'Sandbox', lastname: 'Admin', company: 'Sandbox Academy',
    department: 'People', country: 'NL', externalId: null, association: null, identification: null, registration: null,
    role: 'admin', created: t0, updated: t0, invited: null, activated: t0,
  });
  const used = new Set<string>([adminEmail]);
  for (let i = 0; i < 40; i++) {
    const company = pick(rng, COMPANIES);
    const p = person(rng, used, company.domain);
    const created = ANCHOR + randInt(rng, 0, 120) * DAY + randInt(rng, 0, DAY - 1);
    const activated = rng() < 0.8 ? iso(created + randInt(rng, 1, 7) * DAY) : null;
    addMember({
      email: p.email, name: `${p.first} ${p.last}`, firstname: p.first, lastname: p.last, company: company.name,
      department: pick(rng, DEPARTMENTS), country: pick(rng, COUNTRIES), externalId: `EMP-${randInt(rng, 1000, 9999)}`,
      association: null, identification: null, registration: null, role: 'learner',
      created: iso(created), updated: iso(created), invited: iso(created), activated,
    });
  }
  s.nextMemberId = memberId + randInt(rng, 1, 9);
  let courseId = 23_400 + randInt(rng, 0, 99);
  for (const name of CP_COURSE_TITLES) {
    courseId += randInt(rng, 1, 13);
    const created = iso(ANCHOR - randInt(rng, 30, 150) * DAY);
    s.courses.set(courseId, {
      id: courseId, name, description: `${name} for every team member.`, code: slug(name).slice(0, 12).toUpperCase(),
      language: 'en', status: 'published', duration: randInt(rng, 10, 90) * 60_000, created, updated: created,
    });
  }
  const courseIds = [...s.courses.keys()];
  let programId = 700 + randInt(rng, 0, 50);
  for (const name of ['New Starter Program', 'Compliance 2026', 'Sales Academy']) {
    programId += randInt(rng, 1, 9);
    const picked = courseIds.filter(() => rng() < 0.4);
    s.programs.set(programId, { id: programId, name, description: `${name}.`, courseIds: picked.length ? picked : [courseIds[0]!], created: iso(ANCHOR - 30 * DAY) });
  }
  let groupId = 3_300 + randInt(rng, 0, 99);
  for (const name of ['Sales', 'Support', 'Engineering', 'New hires']) {
    groupId += randInt(rng, 1, 9);
    s.groups.set(groupId, { id: groupId, name, memberIds: new Set(), created: iso(ANCHOR - 60 * DAY) });
  }
  s.nextGroupId = groupId + randInt(rng, 1, 9);
  const groups = [...s.groups.values()];
  const programs = [...s.programs.values()];
  for (const m of s.members.values()) {
    if (m.role === 'admin') continue;
    const g = groups.find((x) => x.name === m.department);
    if (g) g.memberIds.add(m.id);
    if (rng() < 0.25) groups[3]!.memberIds.add(m.id);
    for (const cid of courseIds) {
      if (rng() > 0.3) continue;
      const enrolled = Date.parse(m.created) + randInt(rng, 0, 10) * DAY;
      const started = rng() < 0.8 ? enrolled + randInt(rng, 0, 20) * DAY : null;
      const done = started !== null && rng() < 0.55;
      const score = done ? randInt(rng, 40, 100) : null;
      const completed = done && started !== null ? started + randInt(rng, 1, 15) * DAY : null;
      s.courseMembers.set(`${cid}:${m.id}`, {
        courseId: cid, memberId: m.id, role: 'learner', enrolled: iso(enrolled),
        started: started === null ? null : iso(started), completed: completed === null ? null : iso(completed),
        progress: done ? 100 : started === null ? 0 : randInt(rng, 5, 95), score, success: score === null ? null : score >= 70,
        certificate: score !== null && score >= 70 ? `https://sandbox-academy.test/certificates/${cid}-${m.id}.pdf` : null,
      });
    }
    if (rng() < 0.3) {
      const p = pick(rng, programs);
      s.programMembers.set(`${p.id}:${m.id}`, { programId: p.id, memberId: m.id, role: 'learner', enrolled: m.created });
    }
  }
  return s;
}

export function seedState(seed: number, adminEmail: string): SandboxState {
  const rng = mulberry32(seed);
  return { coassemble: seedCoassemble(rng), coursepath: seedCoursepath(rng, adminEmail) };
}
