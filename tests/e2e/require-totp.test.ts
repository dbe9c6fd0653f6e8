import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TotpSetupSchema } from '../../shared/api/index.ts';
import { api, buildDraft, buildUser, loginAdmin } from '../helpers/api.ts';
import { totpCodeFor } from '../helpers/totp-code.ts';
import type { TestServer } from '../helpers/test-server.ts';
import { launchBrowser, loginInNewContext, startAppServer } from './support/browser.ts';

/** Issue 5 item 4, as a member sees it: two-step login becomes required while their draft is open. */
describe('two-step login required while a draft is open', () => {
  let server: TestServer;
  let browser: Browser;
  let adminCookie: string;

  beforeAll(async () => {
    server = await startAppServer();
    browser = await launchBrowser();
    adminCookie = await loginAdmin(server);
    const setup = TotpSetupSchema.parse((await api(server, adminCookie, 'POST', '/api/account/totp/setup')).body);
    expect((await api(server, adminCookie, 'POST', '/api/account/totp/confirm', { code: totpCodeFor(setup.secret) })).status).toBe(200);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.dispose();
  });

  it('closes the draft at once, says why with a link to set it up, and opens it again once it is on', async () => {
    const user = await buildUser(server, adminCookie, { name: 'Rosa Required' });
    const draftId = await buildDraft(server, user.cookie, 'Annex I 5.A.1.j. proposal');
    const u = await loginInNewContext(browser, server, user.email, user.password, `/drafts/${draftId}`);
    await u.page.getByTestId('connection-status').getByText('Saved').waitFor();

    expect((await api(server, adminCookie, 'PUT', '/api/admin/settings', { requireTotp: true })).status).toBe(200);
    const alert = u.page.getByRole('alert').filter({ hasText: 'Your administrator now requires two-step login' });
    await alert.waitFor({ timeout: 10_000 });
    // Optional: PLENARY_SCREENSHOT_DIR=/some/dir keeps a screenshot of the banner for review.
    if (process.env.PLENARY_SCREENSHOT_DIR) await u.page.screenshot({ path: `${process.env.PLENARY_SCREENSHOT_DIR}/require-totp-banner.png` });

    await alert.getByRole('link', { name: 'Set it up on your account page' }).click();
    await u.page.waitForURL((url) => url.pathname === '/account');
    await u.page.getByText('Your administrator requires two-step login for every account').waitFor();
    await u.page.getByRole('button', { name: 'Set up two-step login' }).click();
    const secret = ((await u.page.getByTestId('totp-secret').textContent()) ?? '').replace(/\s/g, '');
    await u.page.getByLabel('Type the 6-digit code').fill(totpCodeFor(secret));
    await u.page.getByRole('button', { name: 'Turn on two-step login' }).click();
    await u.page.getByRole('link', { name: 'Continue to your drafts' }).click();
    await u.page.getByRole('link', { name: 'Annex I 5.A.1.j. proposal' }).click();
    await u.page.getByTestId('connection-status').getByText('Saved').waitFor({ timeout: 10_000 });
    expect(u.problems.filter((p) => !p.includes('401'))).toEqual([]);
    await u.context.close();
  });
});
