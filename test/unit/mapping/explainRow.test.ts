// The request panel's trace: for each field, the cell, each transform's value, and what is sent — from the
// same code that builds the request, so the trace's last value is the value in the request.
import { describe, expect, it } from 'vitest';
import { getTemplate } from '../../../src-shared/connectors/catalog';
import { explainRow, wireName } from '../../../src-shared/mapping/explainRow';
import { parseFormBody } from '../../../src-shared/mapping/formBody';
import type { Mapping } from '../../../src-shared/mapping/types';

describe('explainRow', () => {
  it('traces a lookup: title → trimmed → id, and the id is what the URL carries', () => {
    const t = getTemplate('coursepath.courses.enrol')!;
    const mapping: Mapping = {
      fields: {
        memberId: { kind: 'column', column: 'Member' },
        courseId: {
          kind: 'column',
          column: 'Course',
          transforms: [
            { kind: 'trim' },
            {
              kind: 'lookup',
              entity: 'coursepath.course',
              from: 'title',
              connectionId: 'c',
              resolved: { entries: { 'fire safety': '1042' }, ambiguous: {}, catalog: 'the Test catalog' },
            },
          ],
        },
      },
    };
    const r = explainRow(t, mapping, { Member: '7', Course: '  Fire Safety ' });
    expect(r.request?.pathAndQuery).toBe('/api/v1/courses/1042/members/7/coursemember');
    const course = r.fields.find((f) => f.key === 'courseId')!;
    expect(course).toMatchObject({
      wireName: '{courseId}',
      source: 'column "Course"',
      input: '  Fire Safety ',
      sent: '1042',
      issues: [],
    });
    expect(course.steps.map((s) => [s.transform, s.value, s.error])).toEqual([
      ['trim spaces', 'Fire Safety', null],
      ['look up Coursepath course title → id (the Test catalog)', '1042', null],
    ]);
  });

  it('a failed lookup is shown at its step and the request is refused', () => {
    const t = getTemplate('coursepath.courses.enrol')!;
    const r = explainRow(
      t,
      {
        fields: {
          memberId: { kind: 'constant', value: '7' },
          courseId: {
            kind: 'column',
            column: 'Course',
            transforms: [
              {
                kind: 'lookup',
                entity: 'coursepath.course',
                from: 'title',
                connectionId: 'c',
                resolved: { entries: {}, ambiguous: {}, catalog: 'X' },
              },
            ],
          },
        },
      },
      { Course: 'Nope' },
    );
    expect(r.request).toBeNull();
    const course = r.fields.find((f) => f.key === 'courseId')!;
    expect(course.steps[0]!.error).toBe('"Nope" is not a course title in X');
    expect(course.sent).toBeNull();
    expect(course.issues.map((i) => i.message)).toEqual(['Course ID: "Nope" is not a course title in X']);
    expect(r.fields.find((f) => f.key === 'memberId')).toMatchObject({
      source: 'the same value for every row',
      input: null,
      sent: '7', // what it would send: the row is stopped by the course
    });
  });

  it('names form fields as they go on the wire, and each sent value is the decoded body value', () => {
    const t = getTemplate('coursepath.members.invite')!;
    expect(
      wireName(
        t.fields.find((f) => f.key === 'mailSubject')!,
        'form',
      ),
    ).toBe('mail[subject]');
    expect(
      wireName(
        t.fields.find((f) => f.key === 'mailSubject')!,
        'json',
      ),
    ).toBe('mail.subject');
    const r = explainRow(
      t,
      {
        fields: {
          memberId: { kind: 'column', column: 'id' },
          mailSubject: { kind: 'template', template: 'Hi {first} {last}' },
        },
      },
      { id: '9', first: 'Nguyễn', last: "O'Brien" },
    );
    const body = new Map(parseFormBody(r.request!.body!));
    for (const f of r.fields.filter((x) => x.location === 'body')) expect(body.get(f.wireName)).toBe(f.sent);
    expect(r.fields.find((f) => f.key === 'mailSubject')).toMatchObject({
      input: "Hi Nguyễn O'Brien",
      sent: "Hi Nguyễn O'Brien",
    });
  });
});
