import type { Browser, Page } from 'playwright-core';
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, buildUser, loginAdmin, type TestUser } from '../helpers/api.ts';
import type { CollabClient } from '../helpers/collab-client.ts';
import type { TestServer } from '../helpers/test-server.ts';
import { anchorOn, pointAt, seededDraft } from '../integration/review-support.ts';
import { launchBrowser, loginInNewContext, startAppServer, type UserPage } from './support/browser.ts';

/**
 * A collaborator's edits update the comment and suggestion marks where they land (the editor
 * re-places only the threads in the blocks that changed): the marks stay on their words through
 * edits before them, inside them, in other blocks and across block insertions and deletions, and
 * match what a fresh page builds from all anchors.
 */
describe('review marks through a collaborator’s edits', () => {
  let server: TestServer;
  let browser: Browser;
  let coordinator: TestUser;
  let commenter: TestUser;
  let collaborator: CollabClient;
  let page: UserPage;
  let draftId = '';

  /** The text of each mark the page shows, by kind. */
  const marks = (p: Page) =>
    p.locator('.draft-text').evaluate((root) => ({
      comments: [...root.querySelectorAll('.review-comment')].map((e) => e.textContent),
      deletions: [...root.querySelectorAll('.suggest-del')].map((e) => e.textContent),
      insertions: [...root.querySelectorAll('.suggest-ins')].map((e) => e.textContent),
    }));

  const paragraphText = (index: number): Y.XmlText => {
    const p = collaborator.doc.getXmlFragment('default').get(index);
    const t = p instanceof Y.XmlElement ? p.get(0) : undefined;
    if (!(t instanceof Y.XmlText)) throw new Error(`paragraph ${index} has no text`);
    return t;
  };

  /** Applies a remote edit and waits until the page shows `expected` as its text. */
  const remoteEdit = async (edit: () => void, expected: string[]) => {
    edit();
    // The text without the suggestion widgets (suggested insertions are not part of it).
    await page.page.waitForFunction((want) => {
      const root = document.querySelector('.draft-text')?.cloneNode(true);
      if (!(root instanceof HTMLElement)) return false;
      for (const widget of root.querySelectorAll('.ProseMirror-widget')) widget.remove();
      return [...root.children].map((c) => c.textContent ?? '').join('\n') === want;
    }, expected.join('\n'));
  };

  beforeAll(async () => {
    server = await startAppServer();
    browser = await launchBrowser();
    const admin = await loginAdmin(server);
    coordinator = await buildUser(server, admin, { name: 'Cora Coordinator' });
    commenter = await buildUser(server, admin, { name: 'Cam Commenter' });
    const seeded = await seededDraft(server, coordinator, [[commenter, 'commenter']], [
      'Alpha para one.',
      'The gamma rays here.',
      'Third line with beta words.',
      'Fourth unrelated line.',
    ]);
    draftId = seeded.draftId;
    collaborator = seeded.client;
    const comment = await api(server, commenter.cookie, 'POST', `/api/drafts/${draftId}/threads`, { anchor: anchorOn(collaborator.doc, 'gamma'), body: 'Which rays?' });
    expect(comment.status).toBe(201);
    const deletion = await api(server, commenter.cookie, 'POST', `/api/drafts/${draftId}/suggestions`, { anchor: anchorOn(collaborator.doc, 'beta'), insertText: '' });
    expect(deletion.status).toBe(201);
    const insertion = await api(server, commenter.cookie, 'POST', `/api/drafts/${draftId}/suggestions`, { anchor: pointAt(collaborator.doc, 'unrelated'), insertText: 'wholly ' });
    expect(insertion.status).toBe(201);
    page = await loginInNewContext(browser, server, coordinator.email, coordinator.password, `/drafts/${draftId}`);
    await page.page.locator('.draft-text .review-comment', { hasText: 'gamma' }).waitFor();
    await page.page.locator('.draft-text .suggest-ins', { hasText: 'wholly' }).waitFor();
  });

  afterAll(async () => {
    collaborator?.destroy();
    await browser?.close();
    await server?.dispose();
  });

  const expectedMarks = (comment: string) => ({ comments: [comment], deletions: ['beta'], insertions: ['wholly '] });

  it('keeps each mark on its words through edits before, inside and after them, and across new and deleted blocks', async () => {
    expect(await marks(page.page)).toEqual(expectedMarks('gamma'));

    await remoteEdit(() => paragraphText(1).insert(0, 'Very '), ['Alpha para one.', 'Very The gamma rays here.', 'Third line with beta words.', 'Fourth unrelated line.']);
    expect(await marks(page.page)).toEqual(expectedMarks('gamma'));

    await remoteEdit(
      () => {
        const p = new Y.XmlElement('paragraph');
        const t = new Y.XmlText();
        p.insert(0, [t]);
        t.insert(0, 'A new first block.');
        collaborator.doc.getXmlFragment('default').insert(0, [p]);
      },
      ['A new first block.', 'Alpha para one.', 'Very The gamma rays here.', 'Third line with beta words.', 'Fourth unrelated line.'],
    );
    expect(await marks(page.page)).toEqual(expectedMarks('gamma'));

    // Inside the commented words: the mark grows with them.
    await remoteEdit(() => paragraphText(2).insert('Very The ga'.length, 'XY'), ['A new first block.', 'Alpha para one.', 'Very The gaXYmma rays here.', 'Third line with beta words.', 'Fourth unrelated line.']);
    expect(await marks(page.page)).toEqual(expectedMarks('gaXYmma'));

    await remoteEdit(() => paragraphText(4).insert(0, 'The '), ['A new first block.', 'Alpha para one.', 'Very The gaXYmma rays here.', 'Third line with beta words.', 'The Fourth unrelated line.']);
    expect(await marks(page.page)).toEqual(expectedMarks('gaXYmma'));

    await remoteEdit(() => collaborator.doc.getXmlFragment('default').delete(0, 2), ['Very The gaXYmma rays here.', 'Third line with beta words.', 'The Fourth unrelated line.']);
    expect(await marks(page.page)).toEqual(expectedMarks('gaXYmma'));
  });

  it('shows the same marks as a fresh page, which places every anchor anew', async () => {
    const shown = await marks(page.page);
    const fresh = await loginInNewContext(browser, server, coordinator.email, coordinator.password, `/drafts/${draftId}`);
    try {
      await fresh.page.locator('.draft-text .review-comment').waitFor();
      await fresh.page.locator('.draft-text .suggest-ins').waitFor();
      expect(await marks(fresh.page)).toEqual(shown);
      expect(fresh.problems).toEqual([]);
    } finally {
      await fresh.context.close();
    }
    expect(page.problems).toEqual([]);
  });
});
