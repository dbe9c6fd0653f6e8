/**
 * The node names of the control-list structure, defined once: the schema, the converter to the
 * domain model, the templates, the importer and the editor commands all refer to these.
 *
 * The structure is flat at the top level (category heading, group heading, entry, definitions
 * heading, definition, each a top-level block beside ordinary headings and paragraphs) and nested
 * inside an entry. Flat sections keep typing, pasting and concurrent edits simple; the converter
 * rebuilds the Category > Group > Entry tree from document order, as the text parser does.
 */
export const CL = {
  /** "Category 5 – Part 2 – Information security": a textblock; number and part are read from it. */
  category: 'clCategory',
  /** "A. Systems, equipment and components": a textblock; the letter is read from it. */
  group: 'clGroup',
  /** A control entry: identifier, heading, sub-items, then its notes. */
  entry: 'clEntry',
  /** The identifier exactly as typed ("4.A.5." or "4A005"); plain text, no marks. */
  identifier: 'clIdentifier',
  /** The entry's heading text ("Systems … having all of the following:"). */
  heading: 'clHeading',
  /** A lettered or numbered sub-item: its text, then its own sub-items. */
  subItem: 'clSubItem',
  /** The text line of a sub-item, note or definition. */
  text: 'clText',
  /** A Note, Technical Note or N.B. belonging to the entry or definition it sits in. */
  note: 'clNote',
  /** The heading that opens the Definitions section. */
  definitions: 'clDefinitions',
  /** One definition: its text ("\"Term\" (4) means …"), sub-items, then notes. */
  definition: 'clDefinition',
} as const;

/** The node name of a control-list node. */
export type ClNodeName = (typeof CL)[keyof typeof CL];

/** The kinds of note block, as stored in a note's `kind` attribute. */
export const NOTE_KINDS = ['note', 'technicalNote', 'nb'] as const;

/** One of {@link NOTE_KINDS}. */
export type NoteKindAttr = (typeof NOTE_KINDS)[number];

/** How a note kind is written before its text ("Technical Note 2:"). */
export function noteCaption(kind: NoteKindAttr, number: number | null): string {
  if (kind === 'nb') return 'N.B.:';
  const word = kind === 'technicalNote' ? 'Technical Note' : 'Note';
  return number === null ? `${word}:` : `${word} ${number}:`;
}
