/**
 * The `identifier` check: identifiers malformed for the draft's convention, and identifiers that
 * do not match the Category/group section they are placed in. Local to each entry.
 */
import type { Check, Convention, Problem } from '../model.ts';
import { formatIdentifier, type IdentifierIssue, type ParsedIdentifier } from '../identifiers.ts';
import { problemOn, type LocalFinding } from '../problems.ts';
import type { UnitView } from '../units.ts';
import { analyse } from '../analyse.ts';

const STYLE_NAME: Record<Convention, string> = { wassenaar: 'Wassenaar', eu: 'EU' };

/** The identifier problems of one unit (definitions have none). */
export function identifierLocal(view: UnitView): LocalFinding[] {
  const { unit } = view;
  if (unit.kind !== 'entry') return [];
  const run = unit.entry.identifier;
  const raw = run.text.trim();
  const start = run.text.indexOf(raw);
  const span = { from: start, to: start + raw.length };
  const { parsed } = view;
  const messages = parsed ? describe(raw, parsed, unit.env) : [unparseable(raw, unit.env.convention)];
  return messages.map((message) => ({ problem: problemOn('identifier', message, run, span), at: 0 }));
}

function unparseable(raw: string, convention: Convention): string {
  const example = convention === 'wassenaar' ? '4.A.5.' : '4A005';
  if (raw === '') return `This entry has no identifier: give it one such as ${example}`;
  return `"${raw}" is not a recognisable identifier: ${STYLE_NAME[convention]} identifiers look like ${example}`;
}

function describe(
  raw: string,
  { id, style, issues }: ParsedIdentifier,
  env: { convention: Convention; category: string; group: string },
): string[] {
  const out = issues.map((issue) => issueMessage(issue, raw, { id, style, issues }));
  if (style !== env.convention && !issues.includes('serial-digits')) {
    const other = formatIdentifier(id, env.convention);
    const hint = other ? ` (${other})` : `, and it has no ${STYLE_NAME[env.convention]} form`;
    out.push(
      `${raw} is written in ${STYLE_NAME[style]} style, but this draft uses ${STYLE_NAME[env.convention]} style${hint}`,
    );
  }
  if (id.category === '0' && env.convention === 'wassenaar') {
    out.push(`${raw} is in Category 0 (nuclear), which exists only in the EU list, not in the Wassenaar list`);
  }
  if (!issues.includes('category-range') && id.category !== env.category) {
    out.push(`${raw} is placed under Category ${env.category}, but its number says Category ${id.category}`);
  } else if (!issues.includes('group-range') && id.group !== env.group) {
    out.push(`${raw} is placed under group ${env.group}, but its number says group ${id.group}`);
  }
  return out;
}

function issueMessage(issue: IdentifierIssue, raw: string, { id }: ParsedIdentifier): string {
  switch (issue) {
    case 'missing-final-dot':
      return `${raw} is missing its final full stop: Wassenaar identifiers end with '.' (${raw}.)`;
    case 'extra-final-dot':
      return `${raw} ends with a full stop, but EU identifiers do not (${raw.slice(0, -1)})`;
    case 'serial-digits': {
      const fixed = id.serial < 100 ? ` (${formatIdentifier({ ...id, regime: 0 }, 'eu') ?? ''})` : '';
      return `${raw} is not a well-formed EU identifier: the group letter is followed by a regime digit and a two-digit serial${fixed}`;
    }
    case 'category-range':
      return `${raw} has category ${id.category}, but categories are numbered 0 to 9`;
    case 'group-range':
      return `${raw} uses group ${id.group}, but product groups run from A (systems, equipment and components) to E (technology)`;
    case 'lowercase-group':
      return `The group letter in ${raw} should be a capital ${id.group}`;
    case 'serial-zero':
      return `${raw} has entry number 0, but entries are numbered from 1`;
    case 'path-alternation':
      return `${raw}: sub-item labels must alternate by level — a letter, then a number, then a letter (as in 5.A.1.j.2.b.)`;
  }
}

/** The `identifier` check over a whole document. */
export const checkIdentifier: Check = (doc) => {
  const out: Problem[] = [];
  for (const view of analyse(doc).views) for (const f of identifierLocal(view)) out.push(f.problem);
  return out;
};
