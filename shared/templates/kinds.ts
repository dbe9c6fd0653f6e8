/** The kinds of starting content a new draft can have (kept apart so the API schema stays light). */
export const TEMPLATE_KINDS = ['proposal', 'sample'] as const;

/** One of {@link TEMPLATE_KINDS}. */
export type TemplateKind = (typeof TEMPLATE_KINDS)[number];

/** The title a draft made from a template gets when the creator gives none. */
export const TEMPLATE_TITLES: Record<TemplateKind, string> = {
  proposal: 'Proposal to amend control-list entries',
  sample: 'Sample: narrowing the surveillance-technology entries',
};
