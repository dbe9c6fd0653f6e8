import os from 'node:os';
import * as Y from 'yjs';
import { addMember, api, buildDraft, buildUser, loginAdmin } from '../tests/helpers/api.ts';
import { connectSynced, readDraftText, waitFor } from '../tests/helpers/collab-client.ts';
import { launchBrowser, loginInNewContext, startAppServer } from '../tests/e2e/support/browser.ts';
import { quantile } from './stats.ts';
import { withBrowserProfile } from './browser-profile.ts';
import { installRemoteRecorder, measureRemoteEdits, remoteRow } from './remote-latency.ts';
import { latencyRows, summariseLatency, typeAndMeasure, typingFloor } from './typing-latency.ts';

/**
 * Issue 6: 500 open threads and 200 open suggestions in a 2,000-paragraph draft, through the real
 * server in Chromium: the time to open the draft with every anchor rendered, and typing latency
 * with them present (bench/typing-latency.ts: keystroke → next paint, processing, Event Timing, beside
 * a bare contenteditable typed in the same run).
 */
const PARAGRAPHS = 2000;
const THREADS = 500;
const SUGGESTIONS = 200;


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

export async function benchReview(): Promise<string> {
  const server = await startAppServer({ env: { MESSAGES_PER_SECOND: '100000' } });
  const browser = await launchBrowser();
  try {
    const admin = await loginAdmin(server);
    const coordinator = await buildUser(server, admin, { name: 'Cora Coordinator' });
    const commenter = await buildUser(server, admin, { name: 'Cam Commenter' });
    const draftId = await buildDraft(server, coordinator.cookie, 'Review load');
    await addMember(server, coordinator.cookie, draftId, commenter.email, 'commenter');
    const seed = await connectSynced(server, coordinator.cookie, draftId, { hello: true });
    seed.doc.transact(() => {
      const fragment = seed.doc.getXmlFragment('default');
      for (let i = 0; i < PARAGRAPHS; i++) {
        const p = new Y.XmlElement('paragraph');
        fragment.insert(fragment.length, [p]);
        const t = new Y.XmlText();
        p.insert(0, [t]);
        t.insert(0, `Paragraph ${i}: the controls on intrusion software and network surveillance equipment apply here.`);
      }
    });
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

    const { page } = await loginInNewContext(browser, server, coordinator.email, coordinator.password, '/');
    await installRemoteRecorder(page);
    const opens: number[] = [];
    // In the same run, the time until the text alone is shown: what opening costs without anchors.
    const texts: number[] = [];
    const openOnce = async () => {
      const t0 = performance.now();
      await page.goto(`${server.url}/drafts/${draftId}`);
      await page.waitForFunction((n) => document.querySelectorAll('.draft-text > p').length >= n, PARAGRAPHS, { timeout: 60_000, polling: 50 });
      texts.push(performance.now() - t0);
      await page.waitForFunction(
        ([threads, suggestions]) =>
          new Set([...document.querySelectorAll('.review-comment[data-review-id]')].map((e) => e.getAttribute('data-review-id'))).size >= threads &&
          document.querySelectorAll('.suggest-ins, .suggest-del').length >= suggestions,
        [THREADS, SUGGESTIONS] as const,
        { timeout: 60_000, polling: 50 },
      );
      opens.push(performance.now() - t0);
    };
    await withBrowserProfile(page, 'review-open', openOnce);
    for (let run = 1; run < 3; run++) await openOnce();
    const target = page.locator('.draft-text p').nth(PARAGRAPHS / 2);
    await target.scrollIntoViewIfNeeded();
    await target.click();
    await page.keyboard.press('End');
    const typed = 'typing with many anchors present';
    const lat = await withBrowserProfile(page, 'review-typing', () => typeAndMeasure(page, typed));
    const typing = summariseLatency(lat, await typingFloor(browser, typed));
    // A collaborator types into a commented paragraph near the one on screen, before its comment.
    const collaborator = await connectSynced(server, coordinator.cookie, draftId, { hello: true });
    const remote = await withBrowserProfile(page, 'review-remote', () =>
      measureRemoteEdits(page, 30, 60, (i) => {
        const paragraph = collaborator.doc.getXmlFragment('default').get(PARAGRAPHS / 2 + 4);
        const text = paragraph instanceof Y.XmlElement ? paragraph.get(0) : undefined;
        if (text instanceof Y.XmlText) text.insert(5 + i, 'r');
      }),
    );
    collaborator.destroy();
    const f = (ms: number) => `${ms.toFixed(0)} ms`;
    return [
      '## Review (issue 6)',
      '',
      `${THREADS} open threads and ${SUGGESTIONS} open suggestions in a ${PARAGRAPHS}-paragraph draft, Chromium through the real server, load average ${os.loadavg()[0]?.toFixed(1) ?? '?'} on ${os.cpus().length} CPUs:`,
      '',
      '| measure | result | target |',
      '|---|---|---|',
      `| open the draft until every anchor is rendered (median of 3, from navigation) | ${f(quantile(opens, 0.5))} (the text alone, same run: ${f(quantile(texts, 0.5))}; ×${(quantile(opens, 0.5) / quantile(texts, 0.5)).toFixed(2)}) | < 1 s |`,
      ...latencyRows('with the anchors present', typing),
      remoteRow('a collaborator’s keystroke in a commented paragraph, received by this page', remote),
      '',
    ].join('\n');
  } finally {
    await browser.close();
    await server.dispose();
  }
}
