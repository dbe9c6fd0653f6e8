import { flatten, type Line } from './flatten.ts';
import { boldRuns, type ExportDocument, type Run } from './model.ts';
import { runsText } from './walk.ts';

/**
 * Markdown (CommonMark + GitHub strikethrough). Lists become indented list lines with the draft's
 * own numbers; containers become bold identifiers; redline deletions are ~~struck~~ and insertions
 * wrapped in <ins>, formatting changes in <mark> (inline HTML: Markdown has no underline or highlight).
 */
export function renderMarkdown(doc: ExportDocument): string {
  const out: string[] = [`# ${escapeText(doc.meta.title)}`, '', `_${escapeText(doc.meta.comparisonLabel ?? doc.meta.versionLabel)} · ${doc.meta.date.slice(0, 10)} · SHA-256 ${doc.meta.contentHash}_`, ''];
  for (const line of flatten(doc.blocks)) out.push(lineMarkdown(line), '');
  return `${out.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
}

function lineMarkdown(line: Line): string {
  const text = runsMarkdown(line.runs);
  const indent = '   '.repeat(line.depth);
  const quote = line.quoted ? '> ' : '';
  switch (line.kind) {
    case 'heading':
      // The document title is the one level-1 heading; draft headings start at level 2.
      return `${quote}${'#'.repeat(Math.min(6, line.level + 1))} ${text}`;
    case 'listItem':
      return `${indent}${quote}${listMarker(runsText(line.label))} ${text}`;
    case 'containerHeading':
      return `${indent}${quote}${line.label.length ? `${runsMarkdown(boldRuns(line.label))} ` : ''}${text}`;
    case 'paragraph':
      return `${indent}${quote}${text}`;
  }
}

/** A list label as Markdown: bullets as "-", numbers as the draft has them. */
const listMarker = (label: string): string => (label === '•' || label === '' ? '-' : label);

function runsMarkdown(runs: readonly Run[]): string {
  return runs
    .map((run) => {
      if (run.kind === 'break') return '\\\n';
      const s = run.style;
      // Emphasis markers cannot wrap leading or trailing spaces in CommonMark: keep them outside.
      const [, lead = '', core = '', trail = ''] = /^(\s*)(.*?)(\s*)$/su.exec(run.text) ?? [];
      if (!core) return run.text;
      let t = escapeText(core);
      if (s.bold) t = `**${t}**`;
      if (s.italic) t = `_${t}_`;
      if (s.strike) t = `~~${t}~~`;
      if (s.underline) t = `<u>${t}</u>`;
      if (s.link) t = `[${t}](<${s.link.replace(/[<>\s]/g, encodeURIComponent)}>)`;
      if (s.change?.kind === 'insert') t = `<ins>${t}</ins>`;
      if (s.change?.kind === 'delete') t = `~~${t}~~`;
      // A formatting change shows its new formatting; <mark> says that it changed.
      if (s.change?.kind === 'format') t = `<mark>${t}</mark>`;
      return `${lead}${t}${trail}`;
    })
    .join('');
}

/** Escapes what Markdown would read as syntax, and `<` / `&` so no HTML can be smuggled in. */
export function escapeText(text: string): string {
  return text
    .replace(/[\\`*_[\]#~|!]/g, (c) => `\\${c}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/^(\s*)([-+]|\d+[.)])(\s)/, '$1\\$2$3');
}
