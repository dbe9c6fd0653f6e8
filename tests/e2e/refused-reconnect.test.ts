import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, api, buildDraft, buildUser, login, loginAdmin, type TestUser } from '../helpers/api.ts';
import { connectSynced, textOf, typeInto, waitFor } from '../helpers/collab-client.ts';
import type { TestServer } from '../helpers/test-server.ts';
import { editorText, installNetworkSwitch, launchBrowser, loginInNewContext, startAppServer, type NetworkSwitch, type UserPage } from './support/browser.ts';

const SESSION_ENDED = 'Your session has ended. Log in again to continue';
const ACCESS_ENDED = 'You no longer have access to this draft.';
/** Longer than the provider's longest backoff (5 s): a page still retrying would try again in it. */
const QUIET_MS = 6500;

/**
 * A reconnection the server refuses at the handshake (401 session ended, 404 no longer a member)
 * shows the page no HTTP status: the page asks the API why and says so, instead of "Offline" for ever.
 */
describe('a refused reconnection', () => {
  let server: TestServer;
  let browser: Browser;
  let admin: string;
  let coordinator: TestUser;
  let draftId: string;

  beforeAll(async () => {
    server = await startAppServer();
    browser = await launchBrowser();
    admin = await loginAdmin(server);
    coordinator = await buildUser(server, admin, { name: 'Cleo Coordinator' });
    draftId = await buildDraft(server, coordinator.cookie, 'Proposal to amend 4.D.4.');
    const seed = await connectSynced(server, coordinator.cookie, draftId, { hello: true });
    typeInto(seed.doc, 'Controls on intrusion software should not cover security research.');
    await waitFor(() => seed.acks.length > 0, 10_000, 'the seed stored');
    seed.destroy();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.dispose();
  });

  /** A member with the draft open in a page whose network can be cut. */
  async function openAsMember(name: string): Promise<{ member: TestUser; user: UserPage; network: NetworkSwitch }> {
    const member = await buildUser(server, admin, { name });
    await addMember(server, coordinator.cookie, draftId, member.email, 'editor');
    let network: NetworkSwitch | undefined;
    const user = await loginInNewContext(browser, server, member.email, member.password, `/drafts/${draftId}`, async (c) => void (network = await installNetworkSwitch(c)));
    await user.page.getByTestId('connection-status').getByText('Saved').waitFor();
    if (!network) throw new Error('no network switch');
    return { member, user, network };
  }

  async function typeAtEnd(page: Page, text: string): Promise<void> {
    await page.locator('.draft-text p').last().click();
    await page.keyboard.press('Control+End');
    await page.keyboard.press('Enter');
    await page.keyboard.insertText(text);
  }

  it('says the session ended, stops retrying, and sends what was typed once logged in again', async () => {
    const { member: ana, user, network } = await openAsMember('Ana Policy');
    await network.goOffline();
    await user.page.getByTestId('connection-status').getByText('Offline').waitFor();
    // Meanwhile her session ends: from another device she logs out everywhere else.
    const elsewhere = await login(server, ana.email, ana.password);
    expect((await api(server, elsewhere, 'DELETE', '/api/account/sessions')).status).toBe(200);
    await typeAtEnd(user.page, 'Typed while the session had ended.');

    await network.goOnline();
    await user.page.getByRole('alert').getByText(SESSION_ENDED).waitFor({ timeout: 15_000 });
    const attempts = network.attempts();
    await user.page.waitForTimeout(QUIET_MS);
    expect(network.attempts()).toBe(attempts);
    expect(await editorText(user.page)).toContain('Typed while the session had ended.');
    if (process.env.PLENARY_SCREENSHOT_DIR) await user.page.screenshot({ path: `${process.env.PLENARY_SCREENSHOT_DIR}/refused-reconnect-session-ended.png` });

    // She follows the message's link, logs in again and is back in the draft: what she typed reaches the server.
    await user.page.getByRole('alert').getByRole('link', { name: 'Log in again' }).click();
    await user.page.waitForURL((url) => url.pathname === '/login');
    await user.page.getByLabel('Email').fill(ana.email);
    await user.page.getByLabel('Password').fill(ana.password);
    await user.page.getByRole('button', { name: 'Log in' }).click();
    await user.page.waitForURL((url) => url.pathname === `/drafts/${draftId}`);
    await user.page.getByTestId('connection-status').getByText('Saved').waitFor({ timeout: 15_000 });
    expect(await editorText(user.page)).toContain('Typed while the session had ended.');
    const colleague = await connectSynced(server, coordinator.cookie, draftId, { hello: true });
    try {
      expect(textOf(colleague.doc)).toContain('Typed while the session had ended.');
    } finally {
      colleague.destroy();
    }
    expect(unexpected(user.problems)).toEqual([]);
    await user.context.close();
  });

  it('says access ended when the member was removed while offline, and stops retrying', async () => {
    const { member: ben, user, network } = await openAsMember('Ben Editor');
    await network.goOffline();
    await user.page.getByTestId('connection-status').getByText('Offline').waitFor();
    expect((await api(server, coordinator.cookie, 'DELETE', `/api/drafts/${draftId}/members/${ben.id}`)).status).toBe(200);

    await network.goOnline();
    await user.page.getByRole('alert').getByText(ACCESS_ENDED).waitFor({ timeout: 15_000 });
    const attempts = network.attempts();
    await user.page.waitForTimeout(QUIET_MS);
    expect(network.attempts()).toBe(attempts);
    expect(unexpected(user.problems)).toEqual([]);
    await user.context.close();
  });

  it('does not end the session when the reason cannot be learnt, and connects once the server accepts again', async () => {
    const { user, network } = await openAsMember('Dana Editor');
    // The draft's socket is refused and the API cannot be reached: nothing can be concluded.
    const asked: number[] = [];
    await user.context.route('**/api/me', (route) => {
      asked.push(Date.now());
      return route.abort('internetdisconnected');
    });
    await network.cutCollaboration();
    await user.page.getByTestId('connection-status').getByText('Offline').waitFor();
    // The page did ask (more than once: a refused attempt after the interval), and stays offline, not ended.
    await waitFor(() => asked.length >= 2, 25_000, 'the page to ask twice why it was refused');
    expect(await user.page.getByRole('alert').count()).toBe(0);
    // A check that concluded nothing doubles the wait before the next (4 s, then 8 s, … up to a minute).
    const [first = 0, second = 0] = asked;
    expect(second - first).toBeGreaterThanOrEqual(7_500);
    const during = network.attempts();

    await user.context.unroute('**/api/me');
    await network.goOnline();
    await user.page.getByTestId('connection-status').getByText('Saved').waitFor({ timeout: 15_000 });
    expect(network.attempts()).toBeGreaterThan(during);
    await typeAtEnd(user.page, 'Still connected.');
    await user.page.getByTestId('connection-status').getByText('Saved').waitFor({ timeout: 15_000 });
    expect(await user.page.getByRole('alert').count()).toBe(0);
    expect(unexpected(user.problems)).toEqual([]);
    await user.context.close();
  });
});

/**
 * Console errors other than those Chromium prints by design here: each refused or cut websocket,
 * each request made while offline, and the 404 with which the draft's details answer the page's
 * question after its member was removed.
 */
function unexpected(problems: string[]): string[] {
  return problems.filter((p) => !/^WebSocket connection to .* failed|net::ERR_INTERNET_DISCONNECTED|net::ERR_FAILED|status of 404 \(Not Found\)/.test(p));
}
