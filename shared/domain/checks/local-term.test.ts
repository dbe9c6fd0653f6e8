import { describe, expect, it } from 'vitest';
import { parseText } from '../parse-text.ts';
import { checkLocalTerm } from './local-term.ts';

const run = (text: string) => checkLocalTerm(parseText(text), {});

describe('local-term check', () => {
  it('is quiet when a Technical Note of the same entry defines the term', () => {
    expect(
      run(
        "5.A.1.j. Systems searching on 'hard selectors'.\nTechnical Note: 'Hard selectors' means data about a person.",
      ),
    ).toEqual([]);
    expect(
      run(
        '4.E.1. Tech for ‘vulnerability disclosure’.\nTechnical Notes:\n1. ‘Vulnerability disclosure’ means reporting flaws.',
      ),
    ).toEqual([]);
  });

  it('reports a single-quoted term no Technical Note defines, once, at its first use', () => {
    const problems = run(
      "4.A.5. Systems for 'command servers'.\na. the 'command server' itself.\nNote: this is not a definition of 'command server'.",
    );
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({
      check: 'local-term',
      text: "'command servers'",
      source: { line: 1 },
      range: { from: 12, to: 29 },
    });
  });

  it('does not accept a Technical Note of another entry', () => {
    const text = "4.A.5. Systems for 'hard selectors'.\n5.A.1.j. Other.\nTechnical Note: 'Hard selectors' means data.";
    expect(run(text)).toHaveLength(1);
  });

  it('applies to definitions with their own Technical Notes', () => {
    const ok =
      "\"Intrusion software\" (4) means code evading 'monitoring tools'.\nTechnical Note: 'Monitoring tools' means antivirus.";
    expect(run(ok)).toEqual([]);
    expect(run('"Intrusion software" (4) means code evading \'monitoring tools\'.')).toHaveLength(1);
  });

  it('does not mistake apostrophes for quotes', () => {
    expect(run("4.A.5. Systems that don't respect the owner's or the States' rules.")).toEqual([]);
  });
});
