// What is wrong with a recipe file's shape, in an admin's words: each of the schema's issues (zod) says
// which part of the recipe (the recipe, or "Step 2 "Enrol"") and which field, by its path in the file, is
// missing or of the wrong kind — every one of them, not only the first, and not in the validator's words
// ("name: Invalid input: expected string, received undefined").

/** The parts of a zod issue read here (zod 4's issue shapes; others fall back to its message). */
export interface ShapeIssue {
  code: string;
  path: readonly PropertyKey[];
  message: string;
  expected?: string;
  origin?: string;
  minimum?: number | bigint;
  maximum?: number | bigint;
  values?: readonly unknown[];
  keys?: readonly string[];
  options?: readonly unknown[];
}

const KINDS: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  object: 'a set of keys (key: value)',
  array: 'a list',
  record: 'a set of keys (key: value)',
};

/** One issue of `data` (the file's content, for a step's name) as a sentence. */
export function recipeIssueWords(issue: ShapeIssue, data: unknown): string {
  const path = issue.path.map(String);
  const dotted = path.join('.');
  const inStep = path[0] === 'steps' && path.length >= 2 && /^\d+$/.test(path[1]!);
  const who = inStep ? stepWords(Number(path[1]), data) : 'The recipe';
  const field = inStep ? path.slice(2) : path;
  const last = field.at(-1);
  const at = dotted ? ` ("${dotted}")` : '';
  // "Step 1 "S": its template …", "The recipe's "api" …"
  const its =
    last === undefined
      ? inStep
        ? `${who}:`
        : who
      : inStep
        ? `${who}: its ${field.join('.')}`
        : `${who}'s "${field.join('.')}"`;
  const missing =
    (issue.code === 'invalid_type' && /received undefined$/.test(issue.message)) ||
    (issue.code === 'too_small' && issue.origin === 'string' && Number(issue.minimum) === 1);
  if (dotted === 'steps' && issue.code === 'too_small') return 'The recipe has no steps: add at least one.';
  if (missing && last !== undefined) return `${who} has no ${field.join('.')}${at}.`;
  switch (issue.code) {
    case 'invalid_type':
      return `${its} must be ${KINDS[issue.expected ?? ''] ?? issue.expected}${at}.`;
    case 'too_small':
      return issue.origin === 'array'
        ? `${its} needs at least ${issue.minimum} entr${Number(issue.minimum) === 1 ? 'y' : 'ies'}${at}.`
        : issue.origin === 'string'
          ? `${its} is too short: at least ${issue.minimum} characters${at}.`
          : `${its} must be at least ${issue.minimum}${at}.`;
    case 'too_big':
      return issue.origin === 'array'
        ? `${its} has too many entries: at most ${issue.maximum}${at}.`
        : issue.origin === 'string'
          ? `${its} is too long: at most ${issue.maximum} characters${at}.`
          : `${its} must be at most ${issue.maximum}${at}.`;
    case 'invalid_value':
      return `${its} must be ${oneOf(issue.values ?? [])}${at}.`;
    case 'unrecognized_keys': {
      const keys = (issue.keys ?? []).map((k) => `"${k}"`).join(', ');
      const whose = last === undefined ? who : `${its}`;
      return `${whose} has ${(issue.keys ?? []).length === 1 ? 'a key' : 'keys'} Bulk Desk does not read: ${keys} (a typo?)${dotted ? at : ''}.`;
    }
    case 'invalid_union':
      return issue.options
        ? `${its} must be ${oneOf(issue.options)}${at}.`
        : `${its} is not in a form Bulk Desk reads${at}.`;
    default:
      return `${its}: ${issue.message}${at}.`;
  }
}

/** Every issue, one line each, naming the file. */
export function recipeIssueLines(fileName: string, issues: readonly ShapeIssue[], data: unknown): string {
  return issues.map((i) => `${fileName}: ${recipeIssueWords(i, data)}`).join('\n');
}

function stepWords(index: number, data: unknown): string {
  const steps = (data as { steps?: unknown } | null)?.steps;
  const name = Array.isArray(steps) ? (steps[index] as { name?: unknown } | undefined)?.name : undefined;
  return `Step ${index + 1}${typeof name === 'string' && name.trim() ? ` "${name.trim()}"` : ''}`;
}

function oneOf(values: readonly unknown[]): string {
  const words = values.map((v) => (typeof v === 'string' ? `"${v}"` : String(v)));
  return words.length === 1 ? words[0]! : `one of ${words.join(', ')}`;
}
