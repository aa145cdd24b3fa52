// A row's problem as one line says it: "Row 2, Prompt: is required". The checks write messages that
// start with the field's label ("Prompt: is required", fieldChecks.ts) so they read alone, in a CLI line
// or a stop reason; a screen that names the row and field before the message would say the field twice
// ("Row 2, prompt: Prompt: is required"). This names it once, also where the screen does not know the
// field's label (a recipe step's request): a label such as "User identifier" ends with its key's words.
import type { MappingIssue } from './types';

const squash = (s: string) => s.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');

/** Words only (not "Unknown placeholder {id}") that end with the key's: a label the key is short for. */
const namesKey = (head: string, key: string) =>
  /^[\p{L}\p{N}][\p{L}\p{N} ]*$/u.test(head) && squash(head).endsWith(squash(key));

/** The field as the message names it (see issueText), and the rest of the message. */
function split(
  issue: Pick<MappingIssue, 'field' | 'message'>,
  label?: string,
): { field: string; message: string } {
  const colon = issue.message.indexOf(': ');
  const head = colon > 0 ? issue.message.slice(0, colon) : null;
  if (
    head !== null &&
    (head === label || squash(head) === squash(issue.field) || (!label && namesKey(head, issue.field)))
  )
    return { field: head, message: issue.message.slice(colon + 2) };
  return { field: label ?? issue.field, message: issue.message };
}

/**
 * `where` ("Row 2, Prompt") and the rest of the message. The field is said as the message says it when
 * the message starts with its label (given) or with its key in words ("Screen count" for screenCount) —
 * or, with no label given, with words that end with its key ("User identifier" for identifier, "Course
 * ID" for id); otherwise as `label`, else its key.
 */
export function issueText(
  rowNumber: number,
  issue: Pick<MappingIssue, 'field' | 'message'>,
  label?: string,
): { where: string; message: string } {
  const s = split(issue, label);
  return { where: `Row ${rowNumber}, ${s.field}`, message: s.message };
}

/** "Course ID: is required": one line naming the field once, for a line that names its row itself. */
export function issueLine(issue: Pick<MappingIssue, 'field' | 'message'>, label?: string): string {
  const s = split(issue, label);
  return `${s.field}: ${s.message}`;
}
