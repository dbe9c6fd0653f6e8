/**
 * The redline contract between versions (which compute a comparison) and everything that shows it
 * (the compare view in the editor, the DOCX / PDF / HTML redline exports, the synopsis).
 *
 * A redline is a document of the ordinary schema (ProseMirror JSON) in which changed text carries
 * one of two extra marks. Deleted text stays in place, so the document reads as "old and new
 * merged". Block-level changes (a new paragraph, list item or entry; a formatting change) are
 * expressed by marking all of the block's text, plus `blockChange` on the block's attrs when the
 * block itself was added or removed.
 */
export const REDLINE_INSERT_MARK = 'redlineInsert';
export const REDLINE_DELETE_MARK = 'redlineDelete';
export const REDLINE_FORMAT_MARK = 'redlineFormat';

/** Who made a change and when: always from the server's record, never client-claimed. */
export interface ChangeAuthor {
  userId: string;
  name: string;
  organisation: string;
  color: string;
  /** ISO 8601 time of the change (of the first update that made it). */
  at: string;
}

/** Attrs of the redline marks. `changeId` groups the runs of one change for next / previous. */
export interface RedlineMarkAttrs extends ChangeAuthor {
  changeId: string;
}

/** Attrs of the format mark: which marks were added or removed on this text. */
export interface RedlineFormatAttrs extends RedlineMarkAttrs {
  added: string[];
  removed: string[];
}

/** Set on a block's attrs (as `blockChange`) when the whole block was inserted or deleted. */
export type BlockChange = 'inserted' | 'deleted';
