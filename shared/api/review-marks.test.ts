import { describe, expect, it } from 'vitest';
import { documentSchema } from '../schema/extensions.ts';
import { MARK_LABELS, SUGGESTIBLE_MARKS } from './review.ts';

/** A format suggestion can name exactly the marks a draft can hold: a mark added to the schema must be added here too. */
describe('suggestible marks', () => {
  it('are the marks of the document schema, each with a label', () => {
    expect([...SUGGESTIBLE_MARKS].sort()).toEqual(Object.keys(documentSchema().marks).sort());
    for (const m of SUGGESTIBLE_MARKS) expect(MARK_LABELS[m]).toMatch(/^[A-Z]/);
  });
});
