// A transform in words, as the request panel and the CLI show it in "cell → transforms → result".
import type { LookupEntity, Transform } from './types';

export const LOOKUP_LABELS: Record<LookupEntity, string> = {
  'coursepath.course': 'Coursepath course',
  'coursepath.member': 'Coursepath member',
  'coursepath.program': 'Coursepath program',
  'coursepath.group': 'Coursepath group',
  'coassemble.course': 'Coassemble course',
  'coassemble.user': 'Coassemble user',
};

const q = (s: string) => JSON.stringify(s);

export function describeTransform(t: Transform): string {
  switch (t.kind) {
    case 'trim':
      return 'trim spaces';
    case 'lower':
      return 'lower case';
    case 'upper':
      return 'upper case';
    case 'default':
      return `if empty: ${q(t.value)}`;
    case 'split':
      return `split on ${q(t.separator)}, part ${t.index < 0 ? `${-t.index} from the end` : t.index + 1}`;
    case 'map':
      return `replace values (${Object.keys(t.table).length})`;
    case 'dateFormat':
      return `date ${t.from} → ${t.to}`;
    case 'regexReplace':
      return `replace /${t.pattern}/${t.flags} with ${q(t.replacement)}`;
    case 'conditional':
      return `if ${t.test === 'empty' ? 'empty' : `equals ${q(t.value)}`}: ${q(t.then)}${t.otherwise === null ? '' : `, else ${q(t.otherwise)}`}`;
    case 'lookup': {
      const what = `${t.state === 'deleted' ? 'deleted ' : ''}${LOOKUP_LABELS[t.entity]} ${t.from}`;
      const to = t.to === 'name' ? 'name' : 'id';
      return `look up ${what} → ${to}${t.resolved ? ` (${t.resolved.catalog})` : ''}`;
    }
  }
}
