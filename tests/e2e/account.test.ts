import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, buildDraft, buildUser, loginAdmin } from '../helpers/api.ts';
import type { TestServer } from '../helpers/test-server.ts';
import { totpCodeFor } from '../helpers/totp-code.ts';
import { launchBrowser, loginInNewContext, startAppServer } from './support/browser.ts';

describe('account lifecycle in the browser', () => {
  let server: TestServer;
  let browser: Browser;
  let adminCookie: string;

  beforeAll(async () => {
    server = await startAppServer();
    browser = await launchBrowser();
    adminCookie = await loginAdmin(server);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.dispose();
  });

  it('an administrator invites a colleague, who accepts the link, sets up two-step login and then needs a code to log in', async () => {
    const admin = await loginInNewContext(browser, server, server.admin.email, server.admin.password, '/admin');
    await admin.page.getByLabel('Email').first().fill('invited-browser@plenary.test');
    await admin.page.getByLabel('Organisation').first().fill('Privacy International');
    await admin.page.getByRole('button', { name: 'Create invitation link' }).click();
    const link = (await admin.page.getByTestId('invite-link').textContent()) ?? '';
    expect(link).toMatch(/\/invite#/);

    const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (err) => problems.push(err.message));
    await page.goto(link.replace(/^https?:\/\/[^/]+/, server.url));
    await page.getByText('invited-browser@plenary.test').waitFor();
    await page.getByLabel('Your name').fill('Ines Invited');
    await page.getByLabel(/^Password — at least/).fill('password1234');
    await page.getByLabel('Password again').fill('password1234');
    await page.getByRole('button', { name: 'Create my account' }).click();
    await page.getByRole('alert').getByText(/leaked/).waitFor();
    await page.getByLabel(/^Password — at least/).fill('ink and quiet harbour');
    await page.getByLabel('Password again').fill('ink and quiet harbour');
    await page.getByRole('button', { name: 'Create my account' }).click();
    await page.waitForURL((url) => url.pathname === '/');

    await page.getByRole('link', { name: 'Your account' }).click();
    await expect.poll(() => page.getByTestId('session-row').count()).toBeGreaterThanOrEqual(1);
    await page.getByText('This browser').waitFor();
    await page.getByRole('button', { name: 'Set up two-step login' }).click();
    const secret = ((await page.getByTestId('totp-secret').textContent()) ?? '').replace(/\s/g, '');
    if (!secret) throw new Error('no secret shown');
    await page.getByLabel('Type the 6-digit code').fill(totpCodeFor(secret));
    await page.getByRole('button', { name: 'Turn on two-step login' }).click();
    await expect.poll(() => page.getByTestId('recovery-codes').locator('li').count()).toBe(10);

    await page.getByRole('button', { name: 'Log out' }).click();
    await page.waitForURL((url) => url.pathname === '/login');
    await page.getByLabel('Email').fill('invited-browser@plenary.test');
    await page.getByLabel('Password').fill('ink and quiet harbour');
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByLabel(/Code from your authenticator app/).fill(totpCodeFor(secret, 1));
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL((url) => url.pathname === '/');
    expect(problems).toEqual([]);
    expect(admin.problems).toEqual([]);
    await context.close();
    await admin.context.close();
  });

  it('disabling an account closes its open draft at once and says the session ended', async () => {
    const user = await buildUser(server, adminCookie, { name: 'Dora Disabled' });
    const draftId = await buildDraft(server, user.cookie, 'Open when disabled');
    const u = await loginInNewContext(browser, server, user.email, user.password, `/drafts/${draftId}`);
    await u.page.getByTestId('connection-status').getByText('Saved').waitFor();
    expect((await api(server, adminCookie, 'POST', `/api/admin/users/${user.id}/disable`)).status).toBe(200);
    await u.page.getByRole('alert').getByText('Your session has ended').waitFor({ timeout: 10_000 });
    await u.context.close();
  });

  it('a coordinator sees the draft’s activity in the Activity panel', async () => {
    const coord = await buildUser(server, adminCookie, { name: 'Cleo Coordinator' });
    const other = await buildUser(server, adminCookie, { name: 'Omar Other' });
    const draftId = await buildDraft(server, coord.cookie, 'Activity draft');
    await api(server, coord.cookie, 'PUT', `/api/drafts/${draftId}/members`, { email: other.email, role: 'commenter' });
    const c = await loginInNewContext(browser, server, coord.email, coord.password, `/drafts/${draftId}`);
    await c.page.getByRole('tab', { name: 'Activity' }).click();
    const list = c.page.getByTestId('draft-activity');
    await list.getByText('Added a member: Omar Other as commenter').waitFor();
    await list.getByText('Opened the draft as coordinator').first().waitFor();
    expect(c.problems).toEqual([]);
    await c.context.close();
  });
});
