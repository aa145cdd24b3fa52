// A job's mapping in words, one line per field, for History's audit record: which column, template or
// value fed each field and the transforms on the way (as the request panel names them).
import { describeTransform } from './describeTransform';
import type { Mapping } from './types';

/** Each mapped field and where its value came from: `name ← template "{First name} {Last name}", trim spaces`. */
export function describeMapping(m: Mapping): string[] {
  return Object.entries(m.fields).map(([field, s]) => {
    switch (s.kind) {
      case 'column':
      case 'template': {
        const from = s.kind === 'column' ? `column "${s.column}"` : `template "${s.template}"`;
        const steps = (s.transforms ?? []).map(describeTransform);
        return `${field} ← ${[from, ...steps].join(', ')}`;
      }
      case 'constant':
        return `${field} ← "${s.value}" for every row`;
      case 'keyValue':
        return `${field} ← ${s.entries.map((e) => `${e.key} from column "${e.column}"`).join(', ')}`;
      case 'none':
        return `${field}: not sent`;
    }
  });
}
