// Small builders for FieldSpec, so each template reads as a list of its parameters and the shared
// ones (an email, a numeric id in the path) are spelled, typed and explained the same everywhere.
import type { FieldSpec, FieldType } from './types';

type Extra = Partial<Omit<FieldSpec, 'key' | 'label' | 'location' | 'type' | 'help'>>;

/** A path parameter: always required (a URL with an empty segment would address another resource). */
export function pathField(
  key: string,
  label: string,
  type: FieldType,
  help: string,
  extra: Extra = {},
): FieldSpec {
  return { key, label, location: 'path', name: key, type, required: true, help, ...extra };
}

export function bodyField(
  key: string,
  label: string,
  type: FieldType,
  required: boolean,
  help: string,
  extra: Extra = {},
): FieldSpec {
  return { key, label, location: 'body', name: key, type, required, help, ...extra };
}

export function queryField(
  key: string,
  label: string,
  type: FieldType,
  required: boolean,
  help: string,
  extra: Extra = {},
): FieldSpec {
  return { key, label, location: 'query', name: key, type, required, help, ...extra };
}

// Synonyms are compared after lower-casing and dropping everything but letters and digits,
// so "E-mail", "e_mail" and "E Mail" are one synonym.
export const SYNONYMS = {
  email: [
    'e-mail',
    'mail',
    'email address',
    'user email',
    'learner email',
    'member email',
    'login',
    'username',
  ],
  name: [
    'full name',
    'display name',
    'learner name',
    'member name',
    'user name',
    'student name',
    'participant',
  ],
  company: ['organisation', 'organization', 'employer', 'company name', 'business'],
  department: ['dept', 'team', 'division', 'business unit'],
  country: ['country code', 'nation'],
  externalId: [
    'external id',
    'employee id',
    'employee number',
    'staff id',
    'staff number',
    'hr id',
    'personnel number',
  ],
  memberId: ['member id', 'coursepath id', 'member', 'learner id'],
  courseId: ['course id', 'course', 'course number', 'course_id'],
  programId: ['program id', 'programme id', 'program', 'programme', 'learning path id'],
  groupName: ['group', 'group name', 'groups', 'team name'],
  identifier: ['user identifier', 'user id', 'learner identifier', 'user', 'learner', 'uid'],
  clientIdentifier: [
    'client',
    'client id',
    'client identifier',
    'tenant',
    'tenant id',
    'customer id',
    'organisation id',
  ],
  language: ['lang', 'locale', 'language code', 'target language', 'translation language'],
} as const satisfies Record<string, readonly string[]>;
