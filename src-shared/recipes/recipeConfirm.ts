// A recipe with destructive steps asks for a phrase, like a destructive template does
// (../runner/confirmGuard.ts), naming what each destructive step would do, how many items, and where:
// "REMOVE 12 course enrolments and REMOVE 9 group memberships on Acme Production". Pure, so the screen
// shows the phrase main enforces and the CLI asks for.
import { consequenceOf, type PhraseTemplate } from '../runner/confirmGuard';

export interface StepCount {
  template: PhraseTemplate;
  /** Items of this step about to be sent. */
  items: number;
}

/** The phrase for these steps' items going to the connection, or null when no destructive item would go. */
export function recipeConfirmationPhrase(steps: readonly StepCount[], connectionName: string): string | null {
  const parts: string[] = [];
  for (const s of steps) {
    const c = consequenceOf(s.template);
    if (!c || s.items === 0) continue;
    parts.push(`${c.verb} ${s.items} ${s.items === 1 ? c.one : c.many}`);
  }
  if (parts.length === 0) return null;
  return `${parts.join(' and ')} on ${connectionName}`;
}
