import { describe, expect, it } from 'vitest';
import { parseText } from '../parse-text.ts';
import { checkOrder } from './order.ts';

const run = (text: string) => checkOrder(parseText(text), {});

describe('order check', () => {
  it('is quiet for entries and sub-items in sequence', () => {
    expect(run('4.A.5. A.\n4.A.10. B.\n4.D.4. C as follows:\na. x;\nb. y:\n1. p;\n2. q;\nc. z.')).toEqual([]);
  });

  it('reports an entry that belongs before the one above it', () => {
    const problems = run('Category 4\nA. Systems\n4.A.5. A.\n4.A.3. B.\n4.A.7. C.');
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ check: 'order', source: { line: 4 } });
    expect(problems[0]?.message).toBe(
      '4.A.3. is out of order: entries are listed by number, so it belongs before 4.A.5.',
    );
  });

  it('compares EU and Wassenaar spellings alike', () => {
    expect(run('Category 4\nA. Systems\n4A005 A.\n4A003 B.')).toHaveLength(1);
  });

  it('reports a gap in the sub-item sequence once', () => {
    const problems = run('4.A.5. Things as follows:\na. x;\nb. y;\nd. z;\ne. w.');
    expect(problems.map((p) => [p.message, p.source.line])).toEqual([
      ['Sub-item d. is out of sequence: c. was expected here', 4],
    ]);
  });

  it('leaves fixed labels alone', () => {
    const doc = parseText('4.A.5. Things as follows:\na. x;\nc. z.');
    const c = doc.categories[0]?.groups[0]?.entries[0]?.subItems[1];
    if (c) c.labelFixed = true;
    expect(checkOrder(doc, {})).toEqual([]);
  });

  it('expects numbers below an entry that is itself a lettered sub-item', () => {
    const problems = run('5.A.1.j. Systems having all of the following:\na. x; and\nb. y.');
    expect(problems[0]?.message).toContain('should be labelled 1.');
  });

  it('does not report a repeated label, which the duplicate check owns', () => {
    expect(run('4.A.5. Things as follows:\na. x;\nb. y;\nb. z;\nc. w.')).toEqual([]);
  });
});
