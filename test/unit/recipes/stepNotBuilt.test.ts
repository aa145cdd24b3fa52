// A recipe step whose preview holds nothing for the row says why, instead of an empty "Row 2 sends" panel.
import { describe, expect, it } from 'vitest';
import type { RecipePreviewDto } from '../../../src-shared/contract/api';
import { stepNotBuilt } from '../../../src-shared/recipes/stepNotBuilt';

const step = (id: string, items: RecipePreviewDto['steps'][number]['items'] = []) => ({
  id,
  name: id,
  templateName: 't',
  items,
});
const issue = (step: number | null, message: string, level: 'error' | 'warning' = 'error') => ({
  step,
  field: null,
  level,
  message,
});

describe('stepNotBuilt', () => {
  it('a step with a problem of its own names it', () => {
    const p = {
      rowNumber: 2,
      steps: [step('a'), step('b')],
      issues: [issue(1, 'Step 2: column "Courses" is not in this file.')],
    };
    expect(stepNotBuilt(p, 'b')).toBe('Not built: Step 2: column "Courses" is not in this file.');
  });

  it('another step: the recipe has problems, listed above', () => {
    const p = {
      rowNumber: 2,
      steps: [step('a'), step('b')],
      issues: [issue(1, 'x'), issue(null, 'y'), issue(0, 'w', 'warning')],
    };
    expect(stepNotBuilt(p, 'a')).toBe(
      'Not built while the recipe has 2 problems (listed above): fix them to see what row 2 sends.',
    );
  });

  it('a step with something to show says nothing', () => {
    const na = { fanValue: null, notApplicable: 'Courses is empty in this row', request: null };
    expect(
      stepNotBuilt({ rowNumber: 3, steps: [step('a', [na])], issues: [issue(null, 'y')] }, 'a'),
    ).toBeNull();
    expect(stepNotBuilt({ rowNumber: 3, steps: [], issues: [] }, 'a')).toBeNull();
  });
});
