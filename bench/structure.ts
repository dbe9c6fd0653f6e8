/**
 * Structure benchmark (issue 7): on a generated draft of 2,000 entries, the time of a full check
 * pass (convert the editor document + run every check), of the incremental pass after one
 * keystroke, and keystroke latency in Chromium with live checks on (bench/typing-latency.ts), through
 * the real server. Called by bench/run.ts; returns a markdown table.
 */
import os from 'node:os';
import { benchClientDir } from './client-build.ts';
import { Fragment, Slice } from '@tiptap/pm/model';
import { documentSchema } from '../shared/schema/extensions.ts';
import { createConverter } from '../shared/domain/from-prosemirror.ts';
import { toProseMirror } from '../shared/domain/to-prosemirror.ts';
import { createChecker, runChecks } from '../shared/domain/index.ts';
import { generateDoc } from '../shared/domain/fixtures/generate.ts';
import * as Y from 'yjs';
import { buildUser, loginAdmin } from '../tests/helpers/api.ts';
import { connectSynced } from '../tests/helpers/collab-client.ts';
import { installRemoteRecorder, measureRemoteEdits, remoteRow, type RemoteSummary } from './remote-latency.ts';
import { launchBrowser, loginInNewContext, startAppServer } from '../tests/e2e/support/browser.ts';
import { quantile } from './stats.ts';
import { withBrowserProfile } from './browser-profile.ts';
import { caretAtEndOf, latencyRows, summariseLatency, typeAndMeasure, typingFloor, type LatencySummary } from './typing-latency.ts';
import { ladderRows, typingLadder } from './ladder/ladder.ts';

const ENTRIES = 2000;


/** The generated draft as plain list text, for the import route. */
function generatedText(n: number): string {
  const lines: string[] = ['# Generated proposal', ''];
  const perGroup = Math.ceil(n / 45);
  let made = 0;
  for (let c = 1; c <= 9 && made < n; c++) {
    lines.push(`Category ${c} – Generated`, '');
    for (const g of ['A', 'B', 'C', 'D', 'E']) {
      if (made >= n) break;
      lines.push(`${g}. GROUP ${g}`, '');
      for (let s = 1; s <= perGroup && made < n; s++, made++) {
        lines.push(
          `${c}.${g}.${s}. Equipment for task ${made} having any of the following:`,
          `a. "software" for task ${made}; or`,
          `b. equipment providing all of the following:`,
          `1. a 'local term' interface rated at 1.5 GHz or more; and`,
          `2. a processing rate of 0.9 operations per cycle; or`,
          `c. "technology" for items in paragraphs a. to b. of this entry.`,
          `Technical Note: 'Local term' means a connection used for task ${made}.`,
          '',
        );
      }
    }
  }
  lines.push('Definitions', '', '"Software" (All) means programs held on any medium.', '"Technology" (All) means information needed to develop, produce or use an item.');
  return lines.join('\n');
}

/** Wall time and CPU time of `fn`, in ms; CPU time is the steadier figure on a loaded machine. */
function timed(fn: () => void): { wall: number; cpu: number } {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  fn();
  const wall = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return { wall, cpu: (c.user + c.system) / 1000 };
}

interface CheckTimings {
  full: number;
  fullCpu: number;
  /** The in-run baseline: ProseMirror's own `doc.toJSON()` of the same document (see below). */
  floor: number;
  /** Median over back-to-back pairs of full pass ÷ baseline, steadier than a ratio of medians. */
  ratio: number;
  incremental: number;
  incrementalCpu: number;
  units: number;
}

function checkTimings(): CheckTimings {
  const schema = documentSchema();
  let doc = schema.nodeFromJSON(toProseMirror(generateDoc(ENTRIES)));
  // Each full pass is paired with a baseline run just before it, so load on the shared machine
  // weighs on both alike. The baseline is one walk over the whole document that builds plain
  // objects from it (doc.toJSON()): the least any conversion into a model must do.
  const full: Array<{ wall: number; cpu: number }> = [];
  const floor: number[] = [];
  const ratios: number[] = [];
  for (let i = 0; i < 15; i++) {
    const base = timed(() => void doc.toJSON()).wall;
    const pass = timed(() => runChecks(createConverter().convert(doc).doc));
    floor.push(base);
    full.push(pass);
    ratios.push(pass.wall / base);
  }
  const converter = createConverter();
  const checker = createChecker();
  checker.check(converter.convert(doc).doc);
  let target = -1;
  doc.descendants((n, pos) => {
    if (target < 0 && n.type.name === 'clHeading' && pos > doc.content.size / 2) target = pos + 1;
    return target < 0;
  });
  const inc: Array<{ wall: number; cpu: number }> = [];
  for (let i = 0; i < 200; i++) {
    doc = doc.replace(target, target, new Slice(Fragment.from(schema.text('x')), 0, 0));
    const next = doc;
    inc.push(timed(() => checker.check(converter.convert(next).doc)));
  }
  return {
    full: quantile(full.map((t) => t.wall), 0.5),
    fullCpu: quantile(full.map((t) => t.cpu), 0.5),
    floor: quantile(floor, 0.5),
    ratio: quantile(ratios, 0.5),
    incremental: quantile(inc.map((t) => t.wall), 0.95),
    incrementalCpu: quantile(inc.map((t) => t.cpu), 0.95),
    units: checker.stats.units,
  };
}

const TYPED = 'typing into a long draft with checks on';

async function typingLatency(): Promise<{ typing: LatencySummary; remote: RemoteSummary; ladder: string[] }> {
  const server = await startAppServer({
    env: { IMPORT_MAX_BYTES: String(32 * 1024 * 1024), MESSAGES_PER_SECOND: '100000', CLIENT_DIR: benchClientDir() },
  });
  const browser = await launchBrowser();
  try {
    const user = await buildUser(server, await loginAdmin(server));
    const res = await fetch(`${server.url}/api/drafts/import?filename=generated.txt`, {
      method: 'POST',
      headers: { origin: server.origin, cookie: user.cookie, 'content-type': 'application/octet-stream' },
      body: generatedText(ENTRIES),
    });
    const { draft } = (await res.json()) as { draft: { id: string } };
    const { page } = await loginInNewContext(browser, server, user.email, user.password, `/drafts/${draft.id}`, installRemoteRecorder);
    await page.locator('.cl-entry').nth(ENTRIES - 1).waitFor({ state: 'attached', timeout: 60_000 });
    // The caret at the end of the middle entry's heading, in the app and in each rung of the ladder.
    const placeCaret = caretAtEndOf('.cl-heading', ENTRIES / 2);
    await placeCaret(page);
    const lat = await withBrowserProfile(page, 'structure-typing', () => typeAndMeasure(page, TYPED));
    const floor = await typingFloor(browser, TYPED);
    const typing = summariseLatency(lat, floor);
    const ladder = ladderRows(await typingLadder(browser, page, TYPED, placeCaret), lat, floor);
    // A collaborator types into the heading of an entry a few below the one on screen.
    const collaborator = await connectSynced(server, user.cookie, draft.id, { hello: true });
    const headings = [...collaborator.doc.getXmlFragment('default').createTreeWalker((t) => t instanceof Y.XmlElement && t.nodeName === 'clHeading')];
    const remoteHeading = headings[ENTRIES / 2 + 3];
    const text = remoteHeading instanceof Y.XmlElement ? remoteHeading.get(0) : undefined;
    if (!(text instanceof Y.XmlText)) throw new Error('the generated draft has no heading text there');
    const remote = await withBrowserProfile(page, 'structure-remote', () => measureRemoteEdits(page, 30, 60, (i) => text.insert(5 + i, 'r')));
    collaborator.destroy();
    return { typing, remote, ladder };
  } finally {
    await browser.close();
    await server.dispose();
  }
}

/**
 * Runs the structure benchmark and returns its markdown table. BENCH_STRUCTURE_CHECKS_ONLY=1 skips
 * the browser measurement, for working on the checks alone.
 */
export async function benchStructure(): Promise<string> {
  const checks = checkTimings();
  const inBrowser = process.env.BENCH_STRUCTURE_CHECKS_ONLY === '1' ? null : await typingLatency();
  const typing = inBrowser?.typing;
  const f = (ms: number) => `${ms.toFixed(1)} ms`;
  const load = os.loadavg()[0]?.toFixed(1) ?? '?';
  return [
    `Structure and live checks, generated draft of ${ENTRIES} entries (${checks.units} units), load average ${load} on ${os.cpus().length} CPUs:`,
    '',
    '| measure | result (wall) | CPU time | target |',
    '|---|---|---|---|',
    `| full check pass (convert + all checks), median of 15 | ${f(checks.full)} | ${f(checks.fullCpu)} | < 100 ms |`,
    `| in-run baseline: doc.toJSON() of the same document, median | ${f(checks.floor)} | | |`,
    `| full pass ÷ baseline, median of back-to-back pairs | ${checks.ratio.toFixed(1)}× | | |`,
    `| incremental check after one keystroke, p95 of 200 | ${f(checks.incremental)} | ${f(checks.incrementalCpu)} | < 5 ms |`,
    ...(typing ? latencyRows('in Chromium, checks on', typing, ' |') : ['| keystroke to paint in Chromium | skipped (BENCH_STRUCTURE_CHECKS_ONLY=1) | | < 16 ms |']),
    ...(inBrowser ? [`${remoteRow('a collaborator’s keystroke in an entry heading, received by this page', inBrowser.remote)} |`] : []),
    ...(inBrowser ? ['', 'Which layer owns the typing latency (bench/ladder: each rung in a page of its own with the app’s stylesheets):', '', ...inBrowser.ladder] : []),
  ].join('\n');
}
