import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { build, type Rolldown } from 'vite';
import type { AncestorShape, Rung } from './ladder-page.ts';
import { typeAndMeasure, type KeyTimings } from '../typing-latency.ts';
import { quantile } from '../stats.ts';

/**
 * The in-run typing ladder: the same document, CSS, viewport, caret place and typing as the app's
 * measurement, in editors that each add one layer of the app's stack (bench/ladder/ladder-page.ts):
 * a bare ProseMirror view, + the y-tiptap sync plugin on a Y.Doc, + y-tiptap's undo and cursor
 * plugins. Set beside the full app and a bare contenteditable, the rows show which layer owns the
 * time from a keystroke to its paint.
 */

const PAGE_ENTRY = path.join(path.dirname(fileURLToPath(import.meta.url)), 'ladder-page.ts');
export const RUNGS: ReadonlyArray<{ rung: Rung; label: string }> = [
  { rung: 'bare', label: '(a) bare ProseMirror EditorView, the draft’s schema, no Yjs, no plugins' },
  { rung: 'sync', label: '(b) + y-tiptap sync plugin bound to a Y.Doc' },
  { rung: 'sync-undo-cursor', label: '(c) + y-tiptap undo and cursor plugins (local awareness)' },
];

let bundled: Promise<string> | undefined;

/** The page module as one script (an IIFE), built once per run with the project's own Vite. */
function pageScript(): Promise<string> {
  bundled ??= (async () => {
    const result = await build({
      configFile: false,
      logLevel: 'warn',
      define: { 'process.env.NODE_ENV': '"production"' },
      build: { write: false, minify: true, lib: { entry: PAGE_ENTRY, formats: ['iife'], name: 'plenaryLadder', fileName: 'ladder' } },
    });
    const outputs = (Array.isArray(result) ? result : [result]) as Rolldown.RolldownOutput[];
    const chunk = outputs.flatMap((o) => o.output).find((o) => o.type === 'chunk');
    if (!chunk || chunk.type !== 'chunk') throw new Error('the ladder page did not bundle');
    return chunk.code;
  })();
  return bundled;
}

/** What the ladder copies from the app's page: the document, its stylesheets and the editor's surroundings. */
interface AppShape {
  json: unknown;
  stylesheets: string[];
  ancestors: AncestorShape[];
  editorClass: string;
  blocks: number;
}

async function appShape(appPage: Page): Promise<AppShape> {
  return appPage.evaluate(() => {
    const editorDom = document.querySelector<HTMLElement & { editor?: { getJSON(): unknown } }>('.draft-text');
    if (!editorDom?.editor) throw new Error('no editor in the page');
    const ancestors: Array<{ tag: string; className: string }> = [];
    for (let el = editorDom.parentElement; el && el !== document.body; el = el.parentElement) ancestors.unshift({ tag: el.tagName.toLowerCase(), className: el.className });
    return {
      json: editorDom.editor.getJSON(),
      stylesheets: [...document.querySelectorAll<HTMLLinkElement>('link[rel="stylesheet"]')].map((l) => l.href),
      ancestors,
      editorClass: [...editorDom.classList].filter((c) => c !== 'ProseMirror' && c !== 'ProseMirror-focused').join(' '),
      blocks: editorDom.childElementCount,
    };
  });
}

/**
 * Types `text` into each rung, in a fresh page of its own in `browser` holding only the app's
 * stylesheets, with the caret placed by `placeCaret` (the same as for the app).
 */
export async function typingLadder(
  browser: Browser,
  appPage: Page,
  text: string,
  placeCaret: (page: Page) => Promise<void>,
): Promise<Array<{ label: string; timings: KeyTimings }>> {
  const [shape, script] = await Promise.all([appShape(appPage), pageScript()]);
  const rows: Array<{ label: string; timings: KeyTimings }> = [];
  for (const { rung, label } of RUNGS) {
    const context = await browser.newContext({ viewport: appPage.viewportSize() ?? { width: 1280, height: 860 } });
    try {
      const page = await context.newPage();
      // On the app's origin: its stylesheets are served same-origin only (Cross-Origin-Resource-Policy).
      await page.goto(new URL('/api/health', appPage.url()).href);
      const links = shape.stylesheets.map((href) => `<link rel="stylesheet" href="${href}">`).join('');
      await page.setContent(`<!doctype html><html><head><meta charset="utf-8">${links}</head><body></body></html>`, { waitUntil: 'load' });
      await page.evaluate(script);
      await page.evaluate(({ rung, json, ancestors, editorClass }) => (window as unknown as { __ladder: { mount(...a: unknown[]): void } }).__ladder.mount(rung, json, ancestors, editorClass), {
        rung,
        json: shape.json,
        ancestors: shape.ancestors,
        editorClass: shape.editorClass,
      });
      await page.waitForFunction((n) => (document.querySelector('.ProseMirror')?.childElementCount ?? 0) >= n, shape.blocks, { timeout: 60_000 });
      await placeCaret(page);
      rows.push({ label, timings: await typeAndMeasure(page, text) });
    } finally {
      await context.close();
    }
  }
  return rows;
}

const f = (v: number) => v.toFixed(1);

/**
 * Markdown rows: each rung's keystroke → paint (median / p95) and its ratio to the bare
 * contenteditable floor typed in the same run, then the full app's row for comparison.
 */
export function ladderRows(rows: ReadonlyArray<{ label: string; timings: KeyTimings }>, app: KeyTimings, floor: KeyTimings): string[] {
  const floorP50 = quantile(floor.duration, 0.5);
  const floorP95 = quantile(floor.duration, 0.95);
  const row = (label: string, t: KeyTimings) => {
    const p50 = quantile(t.duration, 0.5);
    const p95 = quantile(t.duration, 0.95);
    const cpu = quantile(t.processing, 0.5);
    return `| ${label} | ${f(p50)} / ${f(p95)} ms | ×${(p50 / floorP50).toFixed(1)} / ×${(p95 / floorP95).toFixed(1)} | ${f(cpu)} ms |`;
  };
  return [
    '| ladder rung (same document, CSS, caret and typing) | keystroke → paint, median / p95 | ÷ bare contenteditable, median / p95 | input handlers, median |',
    '|---|---|---|---|',
    row('bare contenteditable paragraph (the floor)', floor),
    ...rows.map((r) => row(r.label, r.timings)),
    row('(d) the full app', app),
  ];
}
