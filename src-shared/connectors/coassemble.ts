// The sixteen Coassemble headless write templates of the Nexla destination guide (seed 000), with paths
// and fields from shared/reference/coassemble-api.md (§ numbers below). Paths are full paths under the
// API origin https://api.coassemble.com. Bodies are JSON. Operations the references describe as
// body-less are sent with `{}` (POST/PUT, as Coassemble's own Moodle client does) or no body (DELETE).
import { bodyField, pathField, queryField, SYNONYMS } from './fields';
import type { FieldSpec, Template } from './types';

const H = '/api/v1/headless';

const courseIdPath = pathField('courseId', 'Course ID', 'integer', 'Numeric id of the Coassemble course.', {
  name: 'id',
  synonyms: SYNONYMS.courseId,
});
const parentCourseIdPath = pathField(
  'courseId',
  'Course ID',
  'integer',
  'Numeric id of the parent (source) course.',
  {
    name: 'id',
    synonyms: SYNONYMS.courseId,
  },
);
const languagePath = pathField(
  'language',
  'Language code',
  'language',
  'BCP-47 language code of the translation, e.g. fr or es-ES. Must match an existing translation of the course.',
  {
    synonyms: SYNONYMS.language,
  },
);
const identifierBody = (required: boolean, help: string): FieldSpec =>
  bodyField('identifier', 'User identifier', 'string', required, help, { synonyms: SYNONYMS.identifier });
const clientIdentifierBody = (help: string): FieldSpec =>
  bodyField('clientIdentifier', 'Client identifier', 'string', false, help, {
    synonyms: SYNONYMS.clientIdentifier,
  });
const metadataBody = (help: string): FieldSpec =>
  bodyField('metadata', 'Metadata', 'keyValue', false, help, { synonyms: ['meta', 'attributes'] });

function ca(
  t: Omit<Template, 'api' | 'bodyEncoding'> & { bodyEncoding?: Template['bodyEncoding'] },
): Template {
  return { api: 'coassemble', bodyEncoding: 'json', ...t };
}

export const COASSEMBLE_TEMPLATES: readonly Template[] = [
  ca({
    // §6.4(c): the current endpoint. The older POST /course/url is deprecated; the seed does not say which it calls.
    id: 'coassemble.courses.signedUrl',
    name: 'Coassemble: create course signed URL',
    description:
      'Creates a signed URL that embeds a course for one learner (view) or opens the builder (edit). The URL comes back as plain text and expires after 3 hours, so it is captured per row. An edit row without a course ID creates a new draft course each time it is sent.',
    method: 'POST',
    path: `${H}/embed/course`,
    fields: [
      bodyField(
        'action',
        'Action',
        'enum',
        true,
        '"view" for a learner, "edit" for the course builder (needs the authoring entitlement).',
        {
          options: ['view', 'edit'],
          synonyms: ['mode'],
        },
      ),
      bodyField(
        'courseId',
        'Course ID',
        'integer',
        false,
        'Numeric course id. Required for view; omit it with edit to create a new draft course.',
        {
          synonyms: SYNONYMS.courseId,
        },
      ),
      identifierBody(
        true,
        'Your stable id for the learner or author. Each new identifier uses one identified-learner allowance.',
      ),
      clientIdentifierBody(
        'The client (tenant) this user belongs to. Only needed to separate your own customers.',
      ),
      bodyField('themeId', 'Theme ID', 'integer', false, 'Numeric id of a theme to apply.'),
      bodyField('name', 'Name', 'string', false, 'Display name of the learner or author.', {
        synonyms: SYNONYMS.name,
      }),
      bodyField('avatar', 'Avatar URL', 'string', false, "URL of the user's avatar picture.", {
        synonyms: ['avatar', 'picture', 'photo'],
      }),
      bodyField(
        'options',
        'Options',
        'json',
        false,
        'A JSON object of embed options, e.g. {"back":"event"}. Must be an object.',
      ),
    ],
    rules: [
      {
        kind: 'requiredWhen',
        field: 'courseId',
        when: { field: 'action', equals: 'view' },
        message: 'Course ID is required when the action is "view"',
      },
    ],
    danger: 'safe',
    // Coassemble's own Moodle plugin (coassemble/moodle-mod_coassemble, classes/api/client.php) opens the
    // builder with `edit` and no course id to create a course: each such call makes a new draft course.
    // So only `view` rows are safe to send again after a crash; `edit` rows in doubt wait for the admin.
    idempotent: false,
    idempotentWhen: { field: 'action', equals: 'view' },
    // "Expires after 3 hours and should not be stored long" (evidence.md): a view row sent longer ago than
    // that is sent again by a new run of its file.
    answerValidForMs: 3 * 3_600_000,
    // The answer is the URL as plain text, not JSON (embed-starter api/embed.js, the Moodle client):
    // an empty path keeps the whole body (captureFields.ts).
    capture: { 'Signed URL': '' },
  }),
  ca({
    // §6.13: the current endpoint; POST /course/generate is the deprecated one.
    id: 'coassemble.courses.generate',
    name: 'Coassemble: generate course (AI)',
    description:
      "Creates a whole course from a text prompt with Coassemble's AI generator. Each row creates a new course; sending a row twice creates two.",
    method: 'POST',
    path: `${H}/generate/course`,
    fields: [
      bodyField('prompt', 'Prompt', 'string', true, 'Topic or learning objective of the course.', {
        synonyms: ['topic', 'subject', 'objective'],
      }),
      bodyField('audience', 'Audience', 'string', true, 'Who the course is for, e.g. "new hires".'),
      bodyField(
        'familiarity',
        'Familiarity',
        'string',
        true,
        'How familiar the audience is with the topic, e.g. "beginner".',
        { synonyms: ['level'] },
      ),
      bodyField('tone', 'Tone', 'string', true, 'Tone of voice, e.g. "professional".'),
      // The docs give no lowest value (developers.coassemble.com/api/generate: "Approximate number of
      // screens to generate"), so a 0 is sent with a warning rather than refused.
      bodyField('screenCount', 'Screen count', 'integer', true, 'Approximate number of screens.', {
        synonyms: ['screens', 'number of screens'],
        count: 'unknownMinimum',
      }),
      identifierBody(true, 'Owner of the new course.'),
      clientIdentifierBody('Client the course belongs to.'),
    ],
    danger: 'safe',
    idempotent: false,
    capture: { 'Course ID': 'id' },
  }),
  ca({
    id: 'coassemble.courses.duplicate',
    name: 'Coassemble: duplicate course',
    description:
      'Copies a course (screens and structure) under a new course id, as a new draft. Optionally assigns the copy to another user or client.',
    method: 'POST',
    path: `${H}/course/{id}/duplicate`,
    fields: [
      courseIdPath,
      identifierBody(false, 'Owner of the copy.'),
      clientIdentifierBody('Client of the copy.'),
    ],
    danger: 'safe',
    idempotent: false,
    capture: { 'New course ID': 'id' },
  }),
  ca({
    id: 'coassemble.courses.publish',
    name: 'Coassemble: publish course',
    // Not undone by "revert course": evidence.md, "Revert goes back to the published version (MC's
    // docblock)", so a revert after a publish lands on what was just published.
    description:
      'Publishes the current draft so learners see it. Needs the authoring entitlement. Coassemble has no unpublish: "revert course" goes back to the published version, so it does not take a publish back.',
    method: 'POST',
    path: `${H}/course/{id}/publish`,
    fields: [courseIdPath],
    // It replaces what learners see with the draft, and nothing takes it back: asked first, like a revert.
    danger: 'destructive',
    idempotent: true,
    stateChange: true,
  }),
  ca({
    id: 'coassemble.courses.revert',
    name: 'Coassemble: revert course',
    // evidence.md: "Revert goes back to the published version (MC's docblock), not \"to the last draft\" as
    // seed 000 says."
    description:
      'Reverts a course back to its published version: the draft changes made since the last publish are discarded, and nothing brings them back.',
    method: 'POST',
    path: `${H}/course/{id}/revert`,
    fields: [courseIdPath],
    danger: 'destructive',
    idempotent: true,
    stateChange: true,
  }),
  ca({
    id: 'coassemble.courses.delete',
    name: 'Coassemble: delete course',
    description:
      'Soft-deletes a course: learners lose access at once, but it can be brought back with "restore course".',
    method: 'DELETE',
    path: `${H}/course/{id}`,
    fields: [courseIdPath],
    bodyEncoding: 'none',
    danger: 'destructive',
    idempotent: true,
  }),
  ca({
    id: 'coassemble.courses.restore',
    name: 'Coassemble: restore course',
    description: 'Restores a soft-deleted course. Only soft-deleted courses can be restored.',
    method: 'POST',
    path: `${H}/course/{id}/restore`,
    fields: [courseIdPath],
    danger: 'safe',
    idempotent: true,
    stateChange: true,
  }),
  ca({
    id: 'coassemble.clients.upsert',
    name: 'Coassemble: update client (upsert)',
    description:
      'Creates the client if it does not exist, or sets its metadata. The metadata sent replaces the whole metadata object; it is not merged.',
    method: 'PUT',
    path: `${H}/client/{identifier}`,
    fields: [
      pathField('identifier', 'Client identifier', 'string', 'Your stable id for the client (tenant).', {
        synonyms: SYNONYMS.clientIdentifier,
      }),
      metadataBody("Key-value pairs built from columns. Replaces the client's whole metadata."),
    ],
    danger: 'destructive',
    idempotent: true,
  }),
  ca({
    id: 'coassemble.clients.delete',
    name: 'Coassemble: delete client',
    description:
      'Deletes the client and every object associated with it (users, courses, tracking). Cannot be undone.',
    method: 'DELETE',
    path: `${H}/client/{identifier}`,
    fields: [
      pathField('identifier', 'Client identifier', 'string', 'The client to delete with all its data.', {
        synonyms: SYNONYMS.clientIdentifier,
      }),
    ],
    bodyEncoding: 'none',
    danger: 'destructive',
    idempotent: true,
  }),
  ca({
    id: 'coassemble.users.upsert',
    name: 'Coassemble: update user (upsert)',
    description:
      'Creates the user if it does not exist, or updates its client identifier, name and metadata. The metadata sent replaces the whole metadata object; it is not merged.',
    method: 'PUT',
    path: `${H}/user/{identifier}`,
    fields: [
      pathField(
        'identifier',
        'User identifier',
        'string',
        'Your stable id for the user (e.g. your database id). May contain any character; it is URL-encoded.',
        {
          synonyms: SYNONYMS.identifier,
        },
      ),
      clientIdentifierBody('The client this user belongs to.'),
      bodyField(
        'name',
        'Name',
        'string',
        false,
        "Display name of the user (third-party sources; not in Coassemble's public page).",
        { synonyms: SYNONYMS.name },
      ),
      metadataBody("Key-value pairs built from columns. Replaces the user's whole metadata."),
    ],
    danger: 'destructive',
    idempotent: true,
  }),
  ca({
    id: 'coassemble.users.delete',
    name: 'Coassemble: delete user',
    description:
      'Deletes everything associated with the user identifier (their tracking and data). Cannot be undone. Their courses can be reallocated, deleted or left.',
    method: 'DELETE',
    path: `${H}/user/{identifier}`,
    fields: [
      pathField('identifier', 'User identifier', 'string', 'The user to delete with all their data.', {
        synonyms: SYNONYMS.identifier,
      }),
      // No public source says what Coassemble does with the user's courses when `action` is left out
      // (shared/reference/evidence.md, "Unknown"): it could delete them. So the admin must choose, and
      // each choice says what it does; a row without an action is never sent.
      queryField(
        'action',
        'Courses of the user',
        'enum',
        true,
        'What happens to the courses this user owns. Required: what Coassemble does when it is left out is not documented.',
        {
          options: ['reallocate', 'delete', 'ignore'],
          optionHelp: {
            reallocate: 'Their courses move to the user named in "Reallocate to"; nothing is lost.',
            delete: 'Their courses are deleted with them: learners lose those courses. Cannot be undone.',
            ignore: 'Their courses are left as they are; the user and their tracking are still deleted.',
          },
        },
      ),
      queryField(
        'reallocateTo',
        'Reallocate to',
        'string',
        false,
        'Identifier that receives the courses when the action is reallocate.',
        {
          synonyms: ['new owner', 'reallocate to'],
        },
      ),
      queryField('clientIdentifier', 'Client identifier', 'string', false, 'Client of the user.', {
        synonyms: SYNONYMS.clientIdentifier,
      }),
    ],
    rules: [
      {
        kind: 'requiredWhen',
        field: 'reallocateTo',
        when: { field: 'action', equals: 'reallocate' },
        message: 'Reallocate to is required when courses are reallocated',
      },
    ],
    bodyEncoding: 'none',
    danger: 'destructive',
    idempotent: true,
  }),
  ca({
    // §8.3: Coassemble's tracking page (the old version, S5) documents the fields of DELETE /tracking as
    // "FormData properties"; no public source says the API reads a JSON body here (evidence.md, Unknown).
    // So they are sent as form fields, as documented. A server that read only JSON would answer 400
    // ("id is required"), which fails the row; never a wider delete.
    id: 'coassemble.trackings.delete',
    name: 'Coassemble: delete tracking',
    description:
      "Deletes a learner's tracking for a course, resetting their progress and completion. Cannot be undone.",
    method: 'DELETE',
    path: `${H}/tracking`,
    fields: [
      bodyField('id', 'Course ID', 'integer', true, 'Numeric id of the course.', {
        synonyms: SYNONYMS.courseId,
      }),
      identifierBody(true, 'Identifier of the learner whose tracking is deleted.'),
    ],
    bodyEncoding: 'form',
    danger: 'destructive',
    idempotent: true,
  }),
  ca({
    id: 'coassemble.translations.create',
    name: 'Coassemble: create course translation',
    description:
      'Creates a machine translation of a course into another language. Sending a row twice may create the translation twice or fail.',
    method: 'POST',
    path: `${H}/translation/translate/{id}`,
    fields: [
      parentCourseIdPath,
      bodyField(
        'language',
        'Target language',
        'language',
        true,
        'BCP-47 code of the new language, e.g. fr or es-ES.',
        { synonyms: SYNONYMS.language },
      ),
    ],
    danger: 'safe',
    idempotent: false,
  }),
  ca({
    id: 'coassemble.translations.setDefault',
    name: 'Coassemble: set default translation',
    description: 'Makes a translation the default version of its parent course for that language.',
    method: 'POST',
    path: `${H}/translation/default/{id}/{language}`,
    fields: [parentCourseIdPath, languagePath],
    danger: 'safe',
    idempotent: true,
  }),
  ca({
    id: 'coassemble.translations.sync',
    name: 'Coassemble: sync translation',
    description:
      'Applies the latest screen changes of the parent course to the translation. Manual edits in the translation may be overwritten.',
    method: 'POST',
    path: `${H}/translation/sync/{id}/{language}`,
    fields: [parentCourseIdPath, languagePath],
    danger: 'destructive',
    idempotent: true,
  }),
  ca({
    id: 'coassemble.translations.delete',
    name: 'Coassemble: delete translation',
    description: 'Deletes the translation of a course for one language. Cannot be undone.',
    method: 'DELETE',
    path: `${H}/translation/{id}/{language}`,
    fields: [parentCourseIdPath, languagePath],
    bodyEncoding: 'none',
    danger: 'destructive',
    idempotent: true,
  }),
];
