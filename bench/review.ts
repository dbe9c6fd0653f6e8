import os from 'node:os';
import { benchClientDir } from './client-build.ts';
import * as Y from 'yjs';
import { addMember, api, buildDraft, buildUser, loginAdmin } from '../tests/helpers/api.ts';
import { appendParagraphs, connectSynced, readDraftText, waitFor } from '../tests/helpers/collab-client.ts';
import type { BrowserContext, Page } from 'playwright-core';
import type { TestServer } from '../tests/helpers/test-server.ts';
import { launchBrowser, loginInNewContext, startAppServer } from '../tests/e2e/support/browser.ts';
import { quantile } from './stats.ts';
import { withBrowserProfile } from './browser-profile.ts';
import { installRemoteRecorder, measureRemoteEdits, remoteRow } from './remote-latency.ts';
import { caretAtEndOf, latencyRows, summariseLatency, typeAndMeasure, typingFloor } from './typing-latency.ts';
import { ladderRows, typingLadder } from './ladder/ladder.ts';

/**
 * Issue 6: 500 open threads and 200 open suggestions in a 2,000-paragraph draft, through the real
 * server in Chromium: the time to open the draft with every anchor rendered (from the list of drafts,
 * by a click; from a link followed while logged out; by the draft's address, in a browser that has
 * used Plenary before and right after logging in; and again, with the local copy), and typing latency
 * with them present (bench/typing-latency.ts: keystroke → next paint, processing, Event Timing, beside
 * a bare contenteditable typed in the same run). It also prints where the opening time goes: the
 * page's own milestones (client/app/open-milestones.ts) and key responses, median per milestone.
 * BENCH_REVIEW_OPEN_ONLY=1 measures the opens alone. BENCH_LATENCY_MS=N opens them over a network
 * with N ms of latency each way and 2 MB/s down, 0.5 MB/s up (Chromium's emulation), as a remote
 * member's connection: on localhost the network costs nothing, so what the page overlaps with it
 * does not show.
 */
const PARAGRAPHS = 2000;
const THREADS = 500;
const SUGGESTIONS = 200;
/** First opens and reopens measured (each the median of this many). */
const OPEN_ROUNDS = 3;
/** The longest a member is taken to look at the list of drafts before clicking one. */
const LIST_READING_MS = 5_000;
/** BENCH_LATENCY_MS: emulated network latency for the opens (0: none). */
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 0);

/**
 * Milliseconds from the bench's navigation call: every paragraph in the DOM (`text`), every anchor
 * drawn (`anchors`); and the page's milestones on its own clock (from its navigation start): the
 * client's `plenary:*` marks (client/app/open-milestones.ts), when the key responses ended, and
 * when the text and anchors were seen.
 */
interface OpenTimes {
  text: number;
  anchors: number;
  milestones: Record<string, number>;
}

/** Responses on the way to the text and anchors, by what their address ends with. */
const KEY_RESPONSES: ReadonlyArray<[name: string, pattern: RegExp]> = [
  ['HTML received', /\/drafts\/[^/]+$/],
  ['app script received', /\/assets\/index-[^/]+\.js$/],
  ['draft-page chunk received', /\/assets\/DraftPage-[^/]+\.js$/],
  ['/api/me answered', /\/api\/me$/],
  ['draft details answered', /\/api\/drafts\/[^/]+$/],
  ['review list answered', /\/api\/drafts\/[^/]+\/review$/],
];

/** The page's clock when every paragraph was first seen in the DOM (polled every 50 ms, as before marks existed). */
async function textShown(page: Page): Promise<number> {
  const seen = await page.waitForFunction((n) => document.querySelectorAll('.draft-text > p').length >= n && performance.now(), PARAGRAPHS, { timeout: 60_000, polling: 50 });
  return (await seen.jsonValue()) as number;
}

/** The page's clock when every thread's and suggestion's anchor was first seen drawn (polled every 50 ms). */
async function anchorsDrawn(page: Page): Promise<number> {
  const seen = await page.waitForFunction(
    ([threads, suggestions]) =>
      new Set([...document.querySelectorAll('.review-comment[data-review-id]')].map((e) => e.getAttribute('data-review-id'))).size >= threads &&
      document.querySelectorAll('.suggest-ins, .suggest-del').length >= suggestions &&
      performance.now(),
    [THREADS, SUGGESTIONS] as const,
    { timeout: 60_000, polling: 50 },
  );
  return (await seen.jsonValue()) as number;
}

/**
 * The usual way in: a member on their list of drafts (where the app loads the draft page's code
 * once the list is shown) clicks the draft. Page-clock milliseconds from the click to every
 * paragraph in the DOM (`text`) and to every anchor drawn (`anchors`).
 */
async function openFromList(page: Page, draftId: string): Promise<{ text: number; anchors: number }> {
  const link = `a[href="/drafts/${draftId}"]`;
  await page.waitForSelector(link);
  // A person reads the list for a moment before choosing: by then the draft page's code has run
  // (a build that does not load it early is clicked after that moment all the same).
  await page
    .waitForFunction(() => performance.getEntriesByName('plenary:draft-page-script').length > 0, undefined, { timeout: LIST_READING_MS, polling: 50 })
    .catch(() => undefined);
  await page.evaluate(() => new Promise<void>((resolve) => requestIdleCallback(() => resolve(), { timeout: 5_000 })));
  const clicked = await page.evaluate((selector) => {
    const at = performance.now();
    document.querySelector<HTMLAnchorElement>(selector)?.click();
    return at;
  }, link);
  const textSeen = await textShown(page);
  const anchorsSeen = await anchorsDrawn(page);
  const text = textSeen - clicked;
  const anchors = anchorsSeen - clicked;
  await page.evaluate(() => new Promise<void>((resolve) => requestIdleCallback(() => resolve(), { timeout: 10_000 })));
  return { text, anchors };
}

/**
 * A link to the draft followed while logged out (in an email, say): the draft's address leads to the
 * login page, where the draft page's code loads while the person types (at most LIST_READING_MS is
 * waited for it). Page-clock milliseconds from pressing "Log in" to every paragraph in the DOM and to
 * every anchor drawn.
 */
async function openFromLoginLink(page: Page, url: string, email: string, password: string): Promise<{ text: number; anchors: number }> {
  await page.goto(url);
  await page.waitForURL((u) => u.pathname === '/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page
    .waitForFunction(() => performance.getEntriesByName('plenary:draft-page-script').length > 0, undefined, { timeout: LIST_READING_MS, polling: 50 })
    .catch(() => undefined);
  await page.evaluate(() => new Promise<void>((resolve) => requestIdleCallback(() => resolve(), { timeout: 5_000 })));
  const pressed = await page.evaluate(() => {
    const at = performance.now();
    document.querySelector<HTMLButtonElement>('button[type="submit"]')?.click();
    return at;
  });
  const text = (await textShown(page)) - pressed;
  const anchors = (await anchorsDrawn(page)) - pressed;
  await page.evaluate(() => new Promise<void>((resolve) => requestIdleCallback(() => resolve(), { timeout: 10_000 })));
  return { text, anchors };
}

/**
 * Makes a logged-in context a browser that has used Plenary before: the list of drafts loaded three
 * times in all (each load runs the app's code and, once idle, the draft page's), since Chromium
 * compiles a script afresh on its first two runs, writing its code cache on the second, and starts
 * from that cache on later ones, as for anyone who opened Plenary a few times this week.
 */
async function useAppBefore(page: Page, url: string): Promise<void> {
  for (let load = 0; load < 3; load++) {
    if (load > 0) await page.goto(url);
    await page
      .waitForFunction(() => performance.getEntriesByName('plenary:draft-page-script').length > 0, undefined, { timeout: LIST_READING_MS, polling: 50 })
      .catch(() => undefined);
    await page.evaluate(() => new Promise<void>((resolve) => requestIdleCallback(() => resolve(), { timeout: 5_000 })));
  }
}

async function openDraft(page: Page, url: string): Promise<OpenTimes> {
  const t0 = performance.now();
  await page.goto(url);
  const textSeen = await textShown(page);
  const text = performance.now() - t0;
  const anchorsSeen = await anchorsDrawn(page);
  const anchors = performance.now() - t0;
  const milestones = await page.evaluate((patterns) => {
    const out: Record<string, number> = {};
    for (const m of performance.getEntriesByType('mark')) if (m.name.startsWith('plenary:')) out[m.name.slice('plenary:'.length)] ??= m.startTime;
    for (const r of performance.getEntriesByType('resource') as PerformanceResourceTiming[]) {
      const path = new URL(r.name).pathname;
      for (const [name, source] of patterns) if (new RegExp(source).test(path)) out[name] ??= r.responseEnd;
    }
    const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
    if (nav) out['HTML received'] = nav.responseEnd;
    return out;
  }, KEY_RESPONSES.map(([name, re]) => [name, re.source] as const));
  milestones['every paragraph seen'] = textSeen;
  milestones['every anchor seen'] = anchorsSeen;
  // Not counted: let the page finish what it still does after the anchors are drawn, so the next
  // open measures itself and not this one's tail (the browser runs idle callbacks only when quiet).
  await page.evaluate(() => new Promise<void>((resolve) => requestIdleCallback(() => resolve(), { timeout: 10_000 })));
  return { text, anchors, milestones };
}

/**
 * The in-run floor of showing the text: a bare ProseMirror view (the page's own EditorView and
 * schema, no plugins, no Yjs) built from the open draft's JSON in the same page, laid out and
 * painted (rAF, then a message: the paint has happened), FLOOR_ROUNDS times; milliseconds, median.
 */
const FLOOR_ROUNDS = 3;
async function bareViewFloor(page: Page): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < FLOOR_ROUNDS; i++) {
    times.push(
      await page.evaluate(async () => {
        interface PmLike {
          view: { constructor: new (place: HTMLElement, props: { state: unknown }) => { destroy(): void }; state: { constructor: { create(config: { doc: unknown }): unknown } } };
          schema: { nodeFromJSON(json: unknown): unknown };
          getJSON(): unknown;
        }
        const editorDom = document.querySelector<HTMLElement & { editor?: PmLike }>('.draft-text');
        const editor = editorDom?.editor;
        if (!editorDom?.parentElement || !editor) throw new Error('no editor in the page');
        const json = editor.getJSON();
        const host = document.createElement('div');
        host.className = 'draft-text';
        // Above the editor, in view: its first paragraphs are laid out and painted as the draft's are (the rest skip layout, content-visibility).
        editorDom.before(host);
        const started = performance.now();
        const doc = editor.schema.nodeFromJSON(json);
        const view = new editor.view.constructor(host, { state: editor.view.state.constructor.create({ doc }) });
        await new Promise<void>((resolve) => requestAnimationFrame(() => {
          const channel = new MessageChannel();
          channel.port1.onmessage = () => resolve();
          channel.port2.postMessage(null);
        }));
        const took = performance.now() - started;
        view.destroy();
        host.remove();
        return took;
      }),
    );
  }
  return quantile(times, 0.5);
}

/** The floor row: the bare view beside the text alone, from navigation and from sync step 2's arrival. */
function floorRow(floorMs: number, first: readonly OpenTimes[]): string {
  const median = (f: (o: OpenTimes) => number | undefined) => {
    const v = first.map(f).filter((t): t is number => t !== undefined);
    return v.length === 0 ? undefined : quantile(v, 0.5);
  };
  const text = median((o) => o.milestones['every paragraph seen']);
  const afterArrival = median((o) => {
    const seen = o.milestones['every paragraph seen'];
    const arrived = o.milestones['sync-step2-received'];
    return seen !== undefined && arrived !== undefined ? seen - arrived : undefined;
  });
  const ratio = (t: number | undefined) => (t === undefined ? '?' : `${t.toFixed(0)} ms, ×${(t / floorMs).toFixed(2)}`);
  return `| in-run floor: a bare ProseMirror view of the same ${PARAGRAPHS} paragraphs from JSON (no Yjs, no plugins), built, laid out and painted in the same page, median of ${FLOOR_ROUNDS} | ${floorMs.toFixed(0)} ms (first open, the text from navigation: ${ratio(text)}; from sync step 2's arrival: ${ratio(afterArrival)}) | |`;
}

/** The page's milestones, each the median over the opens, in the order reached (one column per way of opening). */
function milestoneRows(columns: ReadonlyArray<readonly [heading: string, opens: readonly OpenTimes[]]>): string[] {
  const median = (opens: readonly OpenTimes[], name: string) => {
    const seen = opens.map((o) => o.milestones[name]).filter((t): t is number => t !== undefined);
    return seen.length === 0 ? undefined : quantile(seen, 0.5);
  };
  const names = [...new Set(columns.flatMap(([, opens]) => opens.flatMap((o) => Object.keys(o.milestones))))];
  const rows = names.map((name) => ({ name, cells: columns.map(([, opens]) => median(opens, name)) }));
  const firstKnown = (cells: ReadonlyArray<number | undefined>) => cells.find((t) => t !== undefined) ?? 0;
  rows.sort((a, b) => firstKnown(a.cells) - firstKnown(b.cells));
  const cell = (t: number | undefined) => (t === undefined ? '—' : `${t.toFixed(0)} ms`);
  return [
    `| milestone (page clock from navigation start; median) | ${columns.map(([heading]) => heading).join(' | ')} |`,
    `|---|${columns.map(() => '---|').join('')}`,
    ...rows.map((r) => `| ${r.name} | ${r.cells.map(cell).join(' | ')} |`),
  ];
}

/** A results row: the median time to every anchor, and the text alone in the same opens as the in-run baseline. */
function openRow(what: string, opens: ReadonlyArray<{ text: number; anchors: number }>): string {
  const anchors = quantile(opens.map((o) => o.anchors), 0.5);
  const text = quantile(opens.map((o) => o.text), 0.5);
  const all = opens.map((o) => o.anchors.toFixed(0)).join(', ');
  return `| ${what} (median of ${opens.length}: ${all} ms) | ${anchors.toFixed(0)} ms (the text alone, same opens: ${text.toFixed(0)} ms; ×${(anchors / text).toFixed(2)}) | < 1 s |`;
}


/** Chromium's network emulation for this page: `latencyMs` per request (and websocket handshake), 2 MB/s down, 0.5 MB/s up. */
async function emulateLatency(page: Page, latencyMs: number): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: latencyMs, downloadThroughput: 2_000_000, uploadThroughput: 500_000 });
}

/** A range anchor over characters [from, to) of paragraph `index`'s text. */
function anchor(doc: Y.Doc, index: number, from: number, to: number) {
  const paragraph = doc.getXmlFragment('default').get(index);
  const text = paragraph instanceof Y.XmlElement ? paragraph.get(0) : undefined;
  if (!(text instanceof Y.XmlText)) throw new Error(`paragraph ${index} has no text`);
  return {
    start: Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(text, from, 0)),
    end: Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(text, to, -1)),
  };
}

/**
 * The issue-6 draft: PARAGRAPHS paragraphs with THREADS open comment threads and SUGGESTIONS open
 * suggestions by a commenter. Returns the draft and its coordinator.
 */
export async function seedReviewDraft(server: TestServer): Promise<{ draftId: string; coordinator: Awaited<ReturnType<typeof buildUser>> }> {
  const admin = await loginAdmin(server);
  const coordinator = await buildUser(server, admin, { name: 'Cora Coordinator' });
  const commenter = await buildUser(server, admin, { name: 'Cam Commenter' });
  const draftId = await buildDraft(server, coordinator.cookie, 'Review load');
  await addMember(server, coordinator.cookie, draftId, commenter.email, 'commenter');
  const seed = await connectSynced(server, coordinator.cookie, draftId, { hello: true });
  appendParagraphs(seed.doc, PARAGRAPHS, (i) => `Paragraph ${i}: the controls on intrusion software and network surveillance equipment apply here.`);
  await waitFor(async () => (await readDraftText(server, commenter.cookie, draftId)).includes(`Paragraph ${PARAGRAPHS - 1}:`), 60_000, 'the seeded draft');
  for (let i = 0; i < THREADS; i++) {
    const res = await api(server, commenter.cookie, 'POST', `/api/drafts/${draftId}/threads`, { anchor: anchor(seed.doc, (i * 4) % PARAGRAPHS, 20, 32), body: `Comment ${i}` });
    if (res.status !== 201) throw new Error(`thread ${i}: ${res.status}`);
  }
  for (let i = 0; i < SUGGESTIONS; i++) {
    const idx = (i * 10 + 1) % PARAGRAPHS;
    const body = i % 2 === 0 ? { anchor: anchor(seed.doc, idx, 37, 45), insertText: '' } : { anchor: anchor(seed.doc, idx, 45, 45), insertText: ' narrowly' };
    const res = await api(server, commenter.cookie, 'POST', `/api/drafts/${draftId}/suggestions`, body);
    if (res.status !== 201) throw new Error(`suggestion ${i}: ${res.status} ${JSON.stringify(res.body)}`);
  }
  seed.destroy();
  return { draftId, coordinator };
}

export async function benchReview(): Promise<string> {
  const server = await startAppServer({ env: { MESSAGES_PER_SECOND: '100000', CLIENT_DIR: benchClientDir() } });
  const browser = await launchBrowser();
  const contexts: BrowserContext[] = [];
  try {
    const { draftId, coordinator } = await seedReviewDraft(server);

    // A first open (a fresh browser context: no copy of the draft in IndexedDB, everything comes
    // from the server) and a reopen (the same context again: the local copy loads first) in turn,
    // OPEN_ROUNDS times, so both see the same machine load. Each records when all paragraphs are in
    // the DOM (the text alone: what opening costs without anchors) and when every anchor is drawn.
    const first: OpenTimes[] = [];
    const reopen: OpenTimes[] = [];
    const fromList: Array<{ text: number; anchors: number }> = [];
  const fromLoginLink: Array<{ text: number; anchors: number }> = [];
  const returning: OpenTimes[] = [];
    let page: Page | undefined;
    for (let round = 0; round < OPEN_ROUNDS; round++) {
      // From the list of drafts, in a context of its own (no copy of the draft in it either).
      const chooser = await loginInNewContext(browser, server, coordinator.email, coordinator.password, '/');
      if (LATENCY_MS > 0) await emulateLatency(chooser.page, LATENCY_MS);
      fromList.push(await openFromList(chooser.page, draftId));
      await chooser.context.close();
      // A link followed while logged out, in a context of its own (the login page first).
      const linked = await browser.newContext({ viewport: { width: 1280, height: 860 } });
      const linkedPage = await linked.newPage();
      if (LATENCY_MS > 0) await emulateLatency(linkedPage, LATENCY_MS);
      fromLoginLink.push(await openFromLoginLink(linkedPage, `${server.url}/drafts/${draftId}`, coordinator.email, coordinator.password));
      await linked.close();
      // By its address in a browser that has used Plenary before (no copy of this draft in it).
      const regular = await loginInNewContext(browser, server, coordinator.email, coordinator.password, '/');
      if (LATENCY_MS > 0) await emulateLatency(regular.page, LATENCY_MS);
      await useAppBefore(regular.page, `${server.url}/`);
      returning.push(await openDraft(regular.page, `${server.url}/drafts/${draftId}`));
      await regular.context.close();
      const user = await loginInNewContext(browser, server, coordinator.email, coordinator.password, '/');
      contexts.push(user.context);
      // Records collaborators' messages as the page receives them (an init script: before the page loads).
      await installRemoteRecorder(user.page);
      if (LATENCY_MS > 0) await emulateLatency(user.page, LATENCY_MS);
      page = user.page;
      const open = () => openDraft(user.page, `${server.url}/drafts/${draftId}`);
      first.push(round === 0 ? await withBrowserProfile(user.page, 'review-open-first', open) : await open());
      reopen.push(round === 0 ? await withBrowserProfile(user.page, 'review-open-again', open) : await open());
    }
    if (!page) throw new Error('no open rounds');
    const floorMs = await bareViewFloor(page);
    const heading = [
      '## Review (issue 6)',
      '',
      `${THREADS} open threads and ${SUGGESTIONS} open suggestions in a ${PARAGRAPHS}-paragraph draft, Chromium through the real server${LATENCY_MS > 0 ? ` over an emulated network (${LATENCY_MS} ms latency, 2 MB/s down)` : ''}, load average ${os.loadavg()[0]?.toFixed(1) ?? '?'} on ${os.cpus().length} CPUs:`,
      '',
      '| measure | result | target |',
      '|---|---|---|',
      openRow('first open from the list of drafts (a click; no local copy), until every anchor is drawn', fromList),
      openRow('first open from a link followed while logged out (from pressing “Log in”; no local copy), until every anchor is drawn', fromLoginLink),
      openRow('first open by the draft’s address in a browser that has used Plenary before (its code cached; no copy of this draft), until every anchor is drawn', returning),
      openRow('first open by the draft’s address right after logging in (the app’s second load in this browser: compiled again while Chromium writes its code cache; no local copy), until every anchor is drawn', first),
      openRow('reopen (the copy in IndexedDB loads first), until every anchor is drawn', reopen),
      floorRow(floorMs, first),
    ];
    const breakdown = ['', 'Where the opening time goes (client marks: client/app/open-milestones.ts):', '', ...milestoneRows([['by address, right after logging in', first], ['by address, app used before', returning], ['reopen', reopen]]), ''];
    // BENCH_REVIEW_OPEN_ONLY=1: only the opens (for comparing changes to the load path quickly).
    if (process.env.BENCH_REVIEW_OPEN_ONLY === '1') return [...heading, ...breakdown].join('\n');
    // Only the last round's page stays open for typing. The earlier rounds' pages have the same
    // draft open, so each of them received and drew every keystroke, on the same 2 CPUs as the
    // page being measured: that was most of the typing latency measured since the rounds came in
    // (their main threads used ~750 ms of CPU each over 32 keys while the typing page's main
    // thread ran ~30% of the time). Collaborators' keystrokes are measured below, on their own.
    for (const earlier of contexts.splice(0, contexts.length - 1)) await earlier.close();
    const typingPage = page;
    // The caret at the end of the middle paragraph, in the app and in each rung of the ladder.
    const placeCaret = caretAtEndOf('.draft-text > p', PARAGRAPHS / 2);
    await placeCaret(page);
    const typed = 'typing with many anchors present';
    const lat = await withBrowserProfile(page, 'review-typing', () => typeAndMeasure(typingPage, typed));
    const floor = await typingFloor(browser, typed);
    const typing = summariseLatency(lat, floor);
    const ladder = await typingLadder(browser, page, typed, placeCaret);
    // A collaborator types into a commented paragraph near the one on screen, before its comment.
    const collaborator = await connectSynced(server, coordinator.cookie, draftId, { hello: true });
    const remote = await withBrowserProfile(page, 'review-remote', () =>
      measureRemoteEdits(typingPage, 30, 60, (i) => {
        const paragraph = collaborator.doc.getXmlFragment('default').get(PARAGRAPHS / 2 + 4);
        const text = paragraph instanceof Y.XmlElement ? paragraph.get(0) : undefined;
        if (text instanceof Y.XmlText) text.insert(5 + i, 'r');
      }),
    );
    collaborator.destroy();
    return [
      ...heading,
      ...latencyRows('with the anchors present', typing),
      remoteRow('a collaborator’s keystroke in a commented paragraph, received by this page', remote),
      '',
      'Which layer owns the typing latency (bench/ladder: each rung in a page of its own with the app’s stylesheets):',
      '',
      ...ladderRows(ladder, lat, floor),
      ...breakdown,
    ].join('\n');
  } finally {
    for (const c of contexts) await c.close();
    await browser.close();
    await server.dispose();
  }
}
