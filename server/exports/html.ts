import { createHash } from 'node:crypto';
import { CHANGE_VERBS, readableDate, summariseChanges } from './changes.ts';
import type { Block, ExportDocument, Run } from './model.ts';

/**
 * One standalone HTML file: semantic markup, the stylesheet inside (screen and print), and a
 * Content-Security-Policy of its own (no script, nothing loaded) so the file stays inert wherever
 * it is opened. Every piece of draft text is escaped; only safe link targets survive the walk.
 * Redlines show deletions struck and insertions underlined, each also coloured and titled with its
 * author and time, and end with a change summary.
 */
export function renderHtml(doc: ExportDocument): string {
  const { meta } = doc;
  const body = doc.blocks.map(blockHtml).join('\n');
  const summary = doc.isRedline ? changeSummaryHtml(doc) : '';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeAttr(htmlExportCsp())}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeText(meta.title)}</title>
<style>${STYLESHEET}</style>
</head>
<body>
<header class="doc-header">
<h1>${escapeText(meta.title)}</h1>
<p class="doc-meta">${escapeText(meta.comparisonLabel ?? meta.versionLabel)} · ${escapeText(readableDate(meta.date))}</p>
</header>
<main>
${body}
</main>
${summary}<footer class="doc-footer"><p>Content hash (SHA-256 of the canonical text): <code>${escapeText(meta.contentHash)}</code></p></footer>
</body>
</html>
`;
}

function blockHtml(block: Block): string {
  const cls = block.change ? ` class="block-${block.change}"` : '';
  switch (block.kind) {
    case 'heading': {
      // h1 is the document title; draft headings start at h2.
      const level = Math.min(6, block.level + 1);
      return `<h${level}${cls}>${runsHtml(block.runs)}</h${level}>`;
    }
    case 'paragraph':
      return `<p${cls}>${runsHtml(block.runs)}</p>`;
    case 'quote':
      return `<blockquote${cls}>\n${block.blocks.map(blockHtml).join('\n')}\n</blockquote>`;
    case 'list': {
      const items = block.items
        .map((item) => `<li${item.change ? ` class="block-${item.change}"` : ''}>${item.blocks.map(blockHtml).join('\n')}</li>`)
        .join('\n');
      return block.ordered
        ? `<ol${cls}${block.start !== 1 ? ` start="${block.start}"` : ''}>\n${items}\n</ol>`
        : `<ul${cls}>\n${items}\n</ul>`;
    }
    case 'container': {
      const num = block.num.length ? `<span class="num">${runsHtml(block.num)}</span> ` : '';
      const heading = num || block.heading.length ? `<p class="container-heading">${num}${runsHtml(block.heading)}</p>\n` : '';
      return `<section class="container container--${block.role}${block.change ? ` block-${block.change}` : ''}">\n${heading}${block.blocks.map(blockHtml).join('\n')}\n</section>`;
    }
  }
}

function runsHtml(runs: readonly Run[]): string {
  return runs
    .map((run) => {
      if (run.kind === 'break') return '<br>';
      const s = run.style;
      let t = escapeText(run.text);
      if (s.bold) t = `<strong>${t}</strong>`;
      if (s.italic) t = `<em>${t}</em>`;
      if (s.underline) t = `<u>${t}</u>`;
      if (s.strike) t = `<s>${t}</s>`;
      if (s.link) t = `<a href="${escapeAttr(s.link)}" rel="noopener noreferrer nofollow">${t}</a>`;
      const c = s.change;
      if (c) {
        const title = `${CHANGE_VERBS[c.kind]} by ${c.author}${c.organisation ? ` (${c.organisation})` : ''}, ${readableDate(c.at)}`;
        const attrs = ` title="${escapeAttr(title)}" datetime="${escapeAttr(c.at)}"`;
        if (c.kind === 'insert') t = `<ins${attrs}>${t}</ins>`;
        else if (c.kind === 'delete') t = `<del${attrs}>${t}</del>`;
        else t = `<span class="format-change"${attrs}>${t}</span>`;
      }
      return t;
    })
    .join('');
}

function changeSummaryHtml(doc: ExportDocument): string {
  const items = summariseChanges(doc.blocks);
  const rows = items
    .map(
      (i) =>
        `<tr><td>${CHANGE_VERBS[i.kind]}</td><td>${escapeText(i.excerpt)}</td><td>${escapeText(i.author)}${i.organisation ? `<br><span class="muted">${escapeText(i.organisation)}</span>` : ''}</td><td>${escapeText(readableDate(i.at))}</td></tr>`,
    )
    .join('\n');
  const inserted = items.filter((i) => i.kind === 'insert').length;
  const deleted = items.filter((i) => i.kind === 'delete').length;
  return `<section class="change-summary" aria-labelledby="change-summary-title">
<h2 id="change-summary-title">Change summary</h2>
<p>${items.length} change${items.length === 1 ? '' : 's'}: ${inserted} insertion${inserted === 1 ? '' : 's'}, ${deleted} deletion${deleted === 1 ? '' : 's'}, ${items.length - inserted - deleted} formatting change${items.length - inserted - deleted === 1 ? '' : 's'}. Deleted text is struck through; inserted text is underlined.</p>
${items.length ? `<table><thead><tr><th>Change</th><th>Text</th><th>By</th><th>When</th></tr></thead><tbody>\n${rows}\n</tbody></table>` : ''}
</section>
`;
}

const STYLESHEET = `
:root{color-scheme:light}
body{font-family:Georgia,'DejaVu Serif',serif;line-height:1.55;max-width:46rem;margin:2rem auto;padding:0 1rem;color:#1d1d1f;background:#fff}
h1{font-size:1.6rem;margin:0 0 .25rem}
h2{font-size:1.3rem}h3{font-size:1.1rem}h4,h5,h6{font-size:1rem}
.doc-meta,.muted{color:#555}
.doc-footer{margin-top:3rem;border-top:1px solid #ccc;font-size:.85rem;color:#555}
code{font-family:'DejaVu Sans Mono',monospace;font-size:.85em;word-break:break-all}
blockquote{margin:1rem 0;padding-left:1rem;border-left:3px solid #bbb;color:#333}
.container{margin:.75rem 0}
.container .container{margin-left:1.5rem}
.container-heading .num{display:inline-block;min-width:5.5rem;font-weight:bold}
.container--note,.container--technicalNote,.container--nb{margin-left:1.5rem;font-size:.95em;color:#333}
ins{text-decoration:underline;text-decoration-thickness:2px;color:#0b5a2a;background:#e6f4ea}
del{text-decoration:line-through;color:#8a1c1c;background:#fbeaea}
.format-change{border-bottom:2px dotted #6a4c00}
.block-inserted{border-left:3px solid #0b5a2a;padding-left:.5rem}
.block-deleted{border-left:3px solid #8a1c1c;padding-left:.5rem}
.change-summary table{border-collapse:collapse;width:100%;font-size:.9rem}
.change-summary th,.change-summary td{border:1px solid #ccc;padding:.3rem .5rem;text-align:left;vertical-align:top}
@media print{
 body{margin:0;max-width:none;font-size:11pt}
 a{color:inherit}
 a[href]::after{content:" <" attr(href) ">";font-size:.8em;color:#555}
 ins{background:none}del{background:none}
 h1,h2,h3,h4{break-after:avoid}
 .change-summary{break-before:page}
 @page{margin:2cm}
}`;

/** The policy inside and in front of every HTML export: only the file's own stylesheet applies. */
export function htmlExportCsp(): string {
  const hash = createHash('sha256').update(STYLESHEET).digest('base64');
  return `default-src 'none'; style-src 'sha256-${hash}'; img-src 'none'; base-uri 'none'; form-action 'none'`;
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeText = (s: string): string => s.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
/** For double-quoted attribute values (single quotes stay readable, as in the CSP). */
const escapeAttr = (s: string): string => s.replace(/[&<>"]/g, (c) => HTML_ESCAPES[c] ?? c);
