import type { BlockChange } from '../../shared/schema/redline.ts';

/**
 * The intermediate form every exporter renders: the draft's ProseMirror JSON walked once
 * (walk.ts) into blocks and runs whose meaning no longer depends on the editor's node names.
 * Each format is then a total function over these few kinds, so a new node type needs one line
 * in node-table.ts, not a change to seven renderers.
 */

/** A tracked change on a run (from the redline marks of shared/schema/redline.ts). */
export interface RunChange {
  kind: 'insert' | 'delete' | 'format';
  changeId: string;
  author: string;
  organisation: string;
  color: string;
  /** ISO 8601. */
  at: string;
  /** For `format`: which marks were added and removed. */
  added: string[];
  removed: string[];
}

export interface RunStyle {
  bold: boolean;
  italic: boolean;
  underline: boolean;
  strike: boolean;
  /** A safe (http, https, mailto) link target; unsafe targets are dropped by the walk. */
  link: string | undefined;
  change: RunChange | undefined;
}

export type Run = { kind: 'text'; text: string; style: RunStyle } | { kind: 'break'; style: RunStyle };

/** Roles of structural containers (control-list structure; also the synopsis's rationale). */
export type ContainerRole = 'category' | 'group' | 'entry' | 'subItem' | 'note' | 'technicalNote' | 'nb' | 'definition' | 'rationale' | 'generic';

/** Headings that open a section of the control list (AKN chapter / section). */
export type SectionRole = 'category' | 'group' | 'definitions';

export type Block =
  | { kind: 'heading'; level: number; section?: SectionRole; runs: Run[]; change: BlockChange | undefined }
  | { kind: 'paragraph'; runs: Run[]; change: BlockChange | undefined }
  | { kind: 'list'; ordered: boolean; start: number; items: ListItem[]; change: BlockChange | undefined }
  | { kind: 'quote'; blocks: Block[]; change: BlockChange | undefined }
  | {
      kind: 'container';
      role: ContainerRole;
      /**
       * The identifier or label ("4.A.5.", "a.", "Note 1:") as runs, empty if the node has none.
       * Runs, not a string: in a redline a renumbered entry's identifier carries its changes.
       */
      num: Run[];
      heading: Run[];
      blocks: Block[];
      change: BlockChange | undefined;
    };

export interface ListItem {
  /** "1.", "2." … for ordered lists, "•" for bullets: numbering as in the draft. */
  label: string;
  blocks: Block[];
  change: BlockChange | undefined;
}

/** What is being exported, for titles, running headers, properties and file names. */
export interface ExportMeta {
  title: string;
  /** "Live draft" or the version's name. */
  versionLabel: string;
  /** For a redline: "Changes from <from> to <to>". */
  comparisonLabel: string | undefined;
  /** ISO 8601 time the content is from (the version's time, or now for the live draft). */
  date: string;
  /** SHA-256 of the canonical text (shared/schema/canonical-text.ts). */
  contentHash: string;
  draftId: string;
}

/** A walked document: its blocks plus everything the renderers need to know about it. */
export interface ExportDocument {
  meta: ExportMeta;
  blocks: Block[];
  /** True when any run or block carries a change (a redline). */
  isRedline: boolean;
}

export const PLAIN_STYLE: RunStyle = { bold: false, italic: false, underline: false, strike: false, link: undefined, change: undefined };

/** Text as one unformatted run. */
export const plainRun = (text: string): Run => ({ kind: 'text', text, style: PLAIN_STYLE });

/** The runs set in bold (identifiers and labels), keeping every other mark and change. */
export const boldRuns = (runs: readonly Run[]): Run[] => runs.map((r) => ({ ...r, style: { ...r.style, bold: true } }));
