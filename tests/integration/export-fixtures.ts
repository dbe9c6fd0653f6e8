import type { ProseMirrorJSON } from '../../shared/schema/canonical-text.ts';
import { CL } from '../../shared/schema/control-list/index.ts';

/** Terse builders for ProseMirror JSON fixtures (in the spirit of ProseMirror's `doc(p("hi"))`). */
type Mark = { type: string; attrs?: Record<string, unknown> };
export const t = (text: string, ...marks: Mark[]): ProseMirrorJSON => ({ type: 'text', text, ...(marks.length ? { marks } : {}) });
export const p = (...content: ProseMirrorJSON[]): ProseMirrorJSON => ({ type: 'paragraph', content });
export const h = (level: number, ...content: ProseMirrorJSON[]): ProseMirrorJSON => ({ type: 'heading', attrs: { level }, content });
export const doc = (...content: ProseMirrorJSON[]): ProseMirrorJSON => ({ type: 'doc', content });
export const li = (...content: ProseMirrorJSON[]): ProseMirrorJSON => ({ type: 'listItem', content });
export const ol = (start: number, ...items: ProseMirrorJSON[]): ProseMirrorJSON => ({ type: 'orderedList', attrs: { start }, content: items });
export const ul = (...items: ProseMirrorJSON[]): ProseMirrorJSON => ({ type: 'bulletList', content: items });
export const bold: Mark = { type: 'bold' };
export const italic: Mark = { type: 'italic' };
export const link = (href: string): Mark => ({ type: 'link', attrs: { href } });
const cl = (type: string, attrs: Record<string, unknown>, ...content: ProseMirrorJSON[]): ProseMirrorJSON => ({ type, attrs, content });
const clText = (text: string) => cl(CL.text, {}, t(text));

export const ALICE = { userId: 'u-alice', name: 'Alice Amendment', organisation: 'Digital Rights Watch', color: '#1f6feb', at: '2026-03-02T10:15:00.000Z' };
export const BOB = { userId: 'u-bob', name: 'Bob Baseline', organisation: 'Privacy Coalition', color: '#b5179e', at: '2026-03-03T16:40:00.000Z' };
export const ins = (who: typeof ALICE, changeId: string): Mark => ({ type: 'redlineInsert', attrs: { ...who, changeId } });
export const del = (who: typeof ALICE, changeId: string): Mark => ({ type: 'redlineDelete', attrs: { ...who, changeId } });
export const fmt = (who: typeof ALICE, changeId: string, added: string[], removed: string[]): Mark => ({ type: 'redlineFormat', attrs: { ...who, changeId, added, removed } });

/** A draft using every node and mark of the schema, in the control-list shape of handbook/domain.md §2. */
export const RICH_DRAFT: ProseMirrorJSON = doc(
  h(1, t('Proposals on surveillance items')),
  p(t('The coalition proposes '), t('narrower', bold), t(' and '), t('clearer', italic), t(' controls; see '), t('the position paper', link('https://example.org/paper')), t('.')),
  p(t('Underlined', { type: 'underline' }), t(' and '), t('struck', { type: 'strike' }), t(' words,'), { type: 'hardBreak' }, t('then a second line.')),
  ol(3, li(p(t('Third point of the preamble'))), li(p(t('Fourth point with a nested list')), ul(li(p(t('Nested bullet one'))), li(p(t('Nested bullet two')))))),
  { type: 'blockquote', content: [p(t('A quoted statement of understanding.'))] },
  cl(CL.category, {}, t('Category 4 – Computers')),
  cl(CL.group, {}, t('D. Software')),
  cl(
    CL.entry,
    {},
    cl(CL.identifier, {}, t('4.D.4.')),
    cl(CL.heading, {}, t('"Software" specially designed or modified for the command of "intrusion software".')),
    cl(CL.subItem, { label: 'a' }, clText('providing authorised updates;')),
    cl(CL.note, { kind: 'note', number: 1 }, clText('4.D.4. does not apply to vulnerability disclosure.')),
    cl(CL.note, { kind: 'technicalNote', number: null }, clText("'Monitoring tools' means software for detection.")),
    cl(CL.note, { kind: 'nb', number: null }, clText('For cryptography see 5.A.2.')),
  ),
  cl(CL.definitions, {}, t('Definitions of terms')),
  cl(CL.definition, {}, clText('"Intrusion software" (4) means software specially designed to avoid detection.')),
);

/** A redline of two entries (one amended, with a rationale) in the heading-based shape. */
export const REDLINE_DRAFT: ProseMirrorJSON = doc(
  h(2, t('4.E.1. Technology')),
  p(t('"Technology" for the '), t('development', del(BOB, 'c1')), t('"development" or "production"', ins(ALICE, 'c2')), t(' of "intrusion software".')),
  p(t('Applies to '), t('all', fmt(ALICE, 'c3', ['bold'], []), bold), t(' exporters.')),
  { type: 'paragraph', attrs: { blockChange: 'inserted' }, content: [t('Note 3: a wholly new note.', ins(ALICE, 'c4'))] },
  h(3, t('Rationale')),
  p(t('Vulnerability research must stay free of licensing.')),
  h(2, t('5.A.1.j. Surveillance systems')),
  p(t('Unchanged text of an entry nobody amended.')),
);

/** Definitions and quoted uses of their terms (singular, plural, inside a redline insertion), and a quoted word nobody defines. */
export const TERMS_DRAFT: ProseMirrorJSON = doc(
  cl(CL.category, {}, t('Category 4 – Computers')),
  cl(
    CL.entry,
    {},
    cl(CL.identifier, {}, t('4.D.4.')),
    cl(CL.heading, {}, t('"Software" specially designed for the command of "intrusion softwares" or for the "development" of tools.')),
    cl(CL.note, { kind: 'note', number: null }, cl(CL.text, {}, t('Applies to '), t('"software" only', ins(ALICE, 'c1')), t('.'))),
  ),
  cl(CL.definitions, {}, t('Definitions of terms')),
  cl(CL.definition, {}, clText('"Software" (All) means a collection of programs.')),
  cl(CL.definition, {}, clText('"Intrusion software" (4) means "software" specially designed to avoid detection.')),
);
