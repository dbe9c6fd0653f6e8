import { describe, expect, it } from 'vitest';
import { parseText } from '../parse-text.ts';
import { checkDuplicate } from './duplicate.ts';

const run = (text: string) => checkDuplicate(parseText(text), {});

describe('duplicate check', () => {
  it('is quiet when every identifier and label is unique', () => {
    expect(run('4.A.5. Things as follows:\na. one;\nb. two:\n1. x;\n2. y.\n4.A.6. More.')).toEqual([]);
  });

  it('reports the second of two identical identifiers, naming the first line', () => {
    const problems = run('Category 4\nA. Systems\n4.A.5. Things.\n4.A.5. Again.');
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ check: 'duplicate', source: { line: 4 } });
    expect(problems[0]?.message).toContain('at line 3');
  });

  it('treats the Wassenaar and EU spellings as the same entry', () => {
    const problems = run('Category 4\nA. Systems\n4.A.5. Things.\n4A005 Again.');
    expect(problems[0]?.message).toContain('4A005 is the same entry as 4.A.5.');
  });

  it('does not confuse an entry with one of its sub-items', () => {
    expect(run('5.A.1. Systems.\n5.A.1.j. Surveillance.')).toEqual([]);
  });

  it('reports a sub-item label used twice in one list', () => {
    const problems = run('4.A.5. Things as follows:\na. one;\nb. two;\nb. three.');
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ check: 'duplicate', text: 'three.', source: { line: 4 } });
  });

  it('reports duplicates by position for editor documents without lines', () => {
    const doc = parseText('4.A.5. Things.\n4.A.5. Again.');
    for (const e of doc.categories[0]?.groups[0]?.entries ?? []) e.identifier.source = { nodeId: e.id };
    expect(checkDuplicate(doc, {})[0]?.message).toContain('earlier in the draft');
  });
});
