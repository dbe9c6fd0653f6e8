import { splitDefinitionLine } from '../../shared/domain/from-prosemirror.ts';
import { findDoubleQuoted, termKey } from '../../shared/domain/scan.ts';
import type { Block, Run } from './model.ts';

/**
 * The defined terms of a draft for Akoma Ntoso: each definition's "term" becomes a TLCTerm in
 * meta/references, its defining occurrence a `<def refersTo>`, and every "double-quoted" use of it
 * elsewhere a `<term refersTo>`. Terms are matched as the checks match them (shared/domain/scan.ts:
 * case- and plural-insensitive), so "Softwares" refers to the definition of "software".
 */
export interface DefinedTerm {
  /** The TLCTerm's eId, referred to as `#eId`. */
  eId: string;
  /** The term as its definition writes it. */
  showAs: string;
}

export type DefinedTerms = ReadonlyMap<string, DefinedTerm>;

/** The terms defined by the draft's definitions (in a redline: as proposed, deletions left out). */
export function definedTerms(blocks: readonly Block[]): DefinedTerms {
  const terms = new Map<string, DefinedTerm>();
  const used = new Set<string>();
  const visit = (list: readonly Block[]): void => {
    for (const block of list) {
      if (block.kind === 'container' && block.role === 'definition') {
        const term = definitionTerm(block.heading);
        const key = term && termKey(term);
        if (key && !terms.has(key)) terms.set(key, { eId: uniqueEId(key, used), showAs: term });
      }
      if (block.kind === 'container' || block.kind === 'quote') visit(block.blocks);
      if (block.kind === 'list') for (const item of block.items) visit(item.blocks);
    }
  };
  visit(blocks);
  return terms;
}

/** The term a definition's first line defines (`"Term" (4) means …`), or '' if it names none. */
export function definitionTerm(heading: readonly Run[]): string {
  const proposed = heading.map((r) => (r.kind === 'break' ? '\n' : r.style.change?.kind === 'delete' ? '' : r.text)).join('');
  return splitDefinitionLine(proposed).term;
}

/** eIds admit no whitespace; a readable slug of the key, made unique. */
function uniqueEId(key: string, used: Set<string>): string {
  const slug = key.replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-|-$/g, '') || 'term';
  let eId = `term_${slug}`;
  for (let n = 2; used.has(eId); n++) eId = `term_${slug}_${n}`;
  used.add(eId);
  return eId;
}

/** A piece of a run's text: plain, or the inside of the quotes of a defined term. */
export type TermPiece = { text: string; term?: DefinedTerm; defining?: boolean };

/**
 * Splits text at the defined terms it quotes. `defines` is the key of the term this text defines
 * (a definition's first line): its first quoted occurrence is the defining one. A quoted term
 * split across runs of different formatting is not recognised (it stays plain text).
 */
export function splitAtTerms(text: string, terms: DefinedTerms, defines: { key: string; done: boolean } | undefined): TermPiece[] {
  if (terms.size === 0) return [{ text }];
  const pieces: TermPiece[] = [];
  let at = 0;
  for (const span of findDoubleQuoted(text)) {
    const key = termKey(span.term);
    const term = terms.get(key);
    if (!term) continue;
    // The quotes stay outside the element: they are the drafter's punctuation.
    const inner = span.from + span.raw.indexOf(span.term);
    const defining = defines !== undefined && !defines.done && defines.key === key;
    if (defining) defines.done = true;
    pieces.push({ text: text.slice(at, inner) }, { text: span.term, term, defining });
    at = inner + span.term.length;
  }
  pieces.push({ text: text.slice(at) });
  return pieces.filter((p) => p.text.length > 0);
}
