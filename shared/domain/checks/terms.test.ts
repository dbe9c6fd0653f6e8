import { describe, expect, it } from 'vitest';
import { parseText } from '../parse-text.ts';
import { checkUndefinedTerm } from './undefined-term.ts';
import { checkUnusedDefinition } from './unused-definition.ts';
import { checkDefinitionCategory } from './definition-category.ts';

const DEFS =
  'Definitions\n"Software" (All) means programs.\n"Intrusion software" (4) means "software" that evades defences.';

describe('undefined-term check', () => {
  it('is quiet when every quoted term is defined, whatever the case, quotes or plural', () => {
    const doc = parseText(`4.D.4. “Softwares” and "intrusion software" and "SOFTWARE".\n${DEFS}`);
    expect(checkUndefinedTerm(doc, {})).toEqual([]);
  });

  it('reports a quoted term with no definition, pointing at the quoted span', () => {
    const doc = parseText(`4.D.4. "Software" for the "development" of "intrusion software".\n${DEFS}`);
    const problems = checkUndefinedTerm(doc, {});
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({
      check: 'undefined-term',
      text: '"development"',
      source: { line: 1 },
      range: { from: 19, to: 32 },
    });
  });

  it('accepts definitions from the baseline', () => {
    const doc = parseText('4.D.4. "Technology" for this.');
    expect(checkUndefinedTerm(doc, {})).toHaveLength(1);
    expect(checkUndefinedTerm(doc, { baseline: parseText('"Technology" (All) means know-how.') })).toEqual([]);
  });

  it('looks into definitions, notes and sub-items too', () => {
    const doc = parseText(
      '4.D.4. Things as follows:\na. "gizmo" parts.\nNote: not "widgets".\n"Doohickey" (4) means a "thing".',
    );
    expect(checkUndefinedTerm(doc, {}).map((p) => p.text)).toEqual(['"gizmo"', '"widgets"', '"thing"']);
  });
});

describe('unused-definition check', () => {
  it('is quiet when each definition is quoted somewhere else', () => {
    expect(checkUnusedDefinition(parseText(`4.A.5. For "intrusion software".\n${DEFS}`), {})).toEqual([]);
  });

  it('reports a definition nobody quotes; a definition quoting itself does not count', () => {
    const doc = parseText('4.A.5. Plain software.\n"Widget" (4) means a "widget"-like thing.');
    const problems = checkUnusedDefinition(doc, {});
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ check: 'unused-definition', source: { line: 2 } });
    expect(problems[0]?.message).toContain('"Widget" is defined but never used');
  });
});

describe('definition-category check', () => {
  it('is quiet when the tags cover every category that quotes the term', () => {
    const doc = parseText(`Category 4\nA. S\n4.A.5. For "intrusion software".\n${DEFS}`);
    expect(checkDefinitionCategory(doc, {})).toEqual([]);
  });

  it('reports a category that uses the term but is missing from the tags', () => {
    const doc = parseText(
      `Category 4\nA. S\n4.A.5. For "intrusion software".\nCategory 5\nA. S\n5.A.1. With "intrusion software".\nCategory 4\nD. S\n4.D.4. "Intrusion software".\n${DEFS}`,
    );
    const problems = checkDefinitionCategory(doc, {});
    expect(problems.map((p) => p.message)).toEqual([
      '"Intrusion software" is used in Category 5, but its definition is tagged (4): add 5 to the categories in brackets',
    ]);
  });

  it('never reports definitions tagged All', () => {
    const doc = parseText(`Category 9\nE. T\n9.E.1. "Software" here.\n${DEFS}`);
    expect(checkDefinitionCategory(doc, {})).toEqual([]);
  });
});
