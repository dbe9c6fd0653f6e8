/**
 * Starting content for new drafts, as ProseMirror JSON of the shared schema: the proposal
 * template and the sample proposal. The server writes it into a new draft's Yjs document before
 * anyone connects.
 */
import { parseText } from '../domain/parse-text.ts';
import { toProseMirror, type PMJSON } from '../domain/to-prosemirror.ts';
import { proposalTemplate } from './proposal-template.ts';
import { SAMPLE_PROPOSAL_TEXT } from './sample-text.ts';
import type { TemplateKind } from './kinds.ts';

export { SAMPLE_PROPOSAL_TEXT } from './sample-text.ts';
export { proposalTemplate } from './proposal-template.ts';

export { TEMPLATE_KINDS, TEMPLATE_TITLES, type TemplateKind } from './kinds.ts';

/** The sample proposal as an editor document. */
export function sampleProposal(makeId?: () => string): PMJSON {
  const lines = SAMPLE_PROPOSAL_TEXT.split('\n');
  return toProseMirror(parseText(SAMPLE_PROPOSAL_TEXT), makeId ? { lines, makeId } : { lines });
}

/** The starting document of a template kind. */
export function templateDocument(kind: TemplateKind): PMJSON {
  switch (kind) {
    case 'proposal':
      return proposalTemplate();
    case 'sample':
      return sampleProposal();
  }
}
