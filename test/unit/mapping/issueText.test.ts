import { describe, expect, it } from 'vitest';
import { issueLine, issueText } from '../../../src-shared/mapping/issueText';

describe('a row problem, its field named once', () => {
  it('takes the field from the message when the message names it', () => {
    expect(issueText(2, { field: 'prompt', message: 'Prompt: is required' }, 'Prompt')).toEqual({
      where: 'Row 2, Prompt',
      message: 'is required',
    });
    expect(issueText(3, { field: 'email', message: 'Email: "x" is not an email address' })).toEqual({
      where: 'Row 3, Email',
      message: '"x" is not an email address',
    });
  });
  it("names the field once when not told its label: a recipe step's request is shown without its fields", () => {
    // Found by an audit on the Recipes screen: "Row 2, identifier: User identifier: is required".
    expect(issueText(2, { field: 'identifier', message: 'User identifier: is required' })).toEqual({
      where: 'Row 2, User identifier',
      message: 'is required',
    });
    expect(issueText(2, { field: 'id', message: 'Course ID: is required' })).toEqual({
      where: 'Row 2, Course ID',
      message: 'is required',
    });
    // A head that is not a field's name stays in the message, even when it ends with the key.
    expect(issueText(4, { field: 'id', message: 'Unknown placeholder {id}: no column named "id"' })).toEqual({
      where: 'Row 4, id',
      message: 'Unknown placeholder {id}: no column named "id"',
    });
  });
  it('knows a label that is not the key only when told it', () => {
    const issue = { field: 'identifier', message: 'User identifier: is required' };
    expect(issueText(2, issue, 'User identifier')).toEqual({
      where: 'Row 2, User identifier',
      message: 'is required',
    });
    expect(issueText(2, { field: 'screenCount', message: 'Screen count: is required' })).toEqual({
      where: 'Row 2, Screen count',
      message: 'is required',
    });
  });
  it('names the field when the message does not', () => {
    expect(
      issueText(4, { field: 'courseId', message: 'No column named "Course" in this file' }, 'Course ID'),
    ).toEqual({
      where: 'Row 4, Course ID',
      message: 'No column named "Course" in this file',
    });
    expect(
      issueText(4, { field: 'courseId', message: 'Unknown placeholder {x}: no column named "x"' }),
    ).toEqual({
      where: 'Row 4, courseId',
      message: 'Unknown placeholder {x}: no column named "x"',
    });
  });
  it('as one line for a recipe step ("courseId: Course ID: …" before), the field once', () => {
    expect(
      issueLine({
        field: 'courseId',
        message: 'Course ID: "Nope" is not a course title in the Test catalog',
      }),
    ).toBe('Course ID: "Nope" is not a course title in the Test catalog');
    expect(issueLine({ field: 'courseId', message: 'No column named "Course" in this file' })).toBe(
      'courseId: No column named "Course" in this file',
    );
  });
});
