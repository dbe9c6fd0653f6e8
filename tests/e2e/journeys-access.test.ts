import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TotpSetupSchema } from '../../shared/api/index.ts';
import { addMember, api, buildDraft, buildUser, field, login, loginAdmin } from '../helpers/api.ts';
import { totpCodeFor } from '../helpers/totp-code.ts';
import type { Role } from '../../shared/roles.ts';
import type { TestServer } from '../helpers/test-server.ts';
import { launchBrowser, loginInNewContext, startAppServer } from './support/browser.ts';

/** A link as the server wrote it (for its configured address), on the test server's address instead. */
const onServer = (link: string, server: TestServer) => link.replace(/^https?:\/\/[^/]+/, server.url);

/**
 * Journeys of accounts, access and membership as people walk them in the browser: an
 * administrator, a coordinator managing a draft's members, a policy officer or legal advisor
 * logging in from a link, on a second device, after their session ended.
 */
describe('accounts, access and membership journeys', () => {
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

  /** Ends every session of this account but a new one, as "Log out everywhere else" on another device does. */
  async function logOutFromAnotherDevice(email: string, password: string): Promise<void> {
    const otherDevice = await login(server, email, password);
    expect((await api(server, otherDevice, 'DELETE', '/api/account/sessions')).status).toBe(200);
  }

  /** A draft coordinated by Cleo, with one more member (named `memberName`) in `role`. */
  async function draftWithMember(title: string, memberName: string, role: Role) {
    const coordinator = await buildUser(server, adminCookie, { name: 'Cleo Coordinator', organisation: 'Access Now' });
    const member = await buildUser(server, adminCookie, { name: memberName, organisation: 'Amnesty International' });
    const draftId = await buildDraft(server, coordinator.cookie, title);
    await addMember(server, coordinator.cookie, draftId, member.email, role);
    return { coordinator, member, draftId };
  }

  /** The list of drafts has its answer: a later logout elsewhere cannot be met by that first request (it would send to the login page before the test acts). */
  async function listAnswered(page: Page): Promise<void> {
    await page.waitForFunction(() =>
      performance.getEntriesByType('resource').some((r) => new URL(r.name).pathname === '/api/drafts' && (r as PerformanceResourceTiming).responseEnd > 0),
    );
  }

  async function fillLogin(page: Page, email: string, password: string): Promise<void> {
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Log in' }).click();
  }

  it('after logging out from another device, "Your account" leads to the login page once, and back to the account after logging in', async () => {
    const pia = await buildUser(server, adminCookie, { name: 'Pia Policy', organisation: 'Amnesty International' });
    const user = await loginInNewContext(browser, server, pia.email, pia.password, '/');
    await listAnswered(user.page);
    await logOutFromAnotherDevice(pia.email, pia.password);
    let accountRequests = 0;
    user.page.on('request', (r) => {
      if (new URL(r.url()).pathname === '/api/account') accountRequests++;
    });
    await user.page.getByRole('link', { name: 'Your account' }).click();
    await user.page.waitForURL((url) => url.pathname === '/login' && url.searchParams.get('next') === '/account', { timeout: 10_000 });
    await user.page.getByRole('button', { name: 'Log in' }).waitFor();
    // Settled on the login page: not bounced between it and the account page (which asked the server each time).
    await user.page.waitForTimeout(1000);
    expect(new URL(user.page.url()).pathname).toBe('/login');
    expect(accountRequests).toBeLessThanOrEqual(2);
    await fillLogin(user.page, pia.email, pia.password);
    await user.page.waitForURL((url) => url.pathname === '/account');
    await user.page.getByRole('heading', { name: 'Your account' }).waitFor();
    expect(user.problems).toEqual([]);
    await user.context.close();
  });

  it('after logging out from another device, a draft chosen from the list asks to log in, then opens', async () => {
    const lars = await buildUser(server, adminCookie, { name: 'Lars Legal', organisation: 'EDRi' });
    const draftId = await buildDraft(server, lars.cookie, 'Proposal on 5.A.1.j.');
    const user = await loginInNewContext(browser, server, lars.email, lars.password, '/');
    await listAnswered(user.page);
    await logOutFromAnotherDevice(lars.email, lars.password);
    await user.page.getByRole('link', { name: 'Proposal on 5.A.1.j.' }).click();
    await user.page.waitForURL((url) => url.pathname === '/login' && url.searchParams.get('next') === `/drafts/${draftId}`, { timeout: 10_000 });
    expect(await user.page.getByText('ask its coordinator').count()).toBe(0);
    await fillLogin(user.page, lars.email, lars.password);
    await user.page.waitForURL((url) => url.pathname === `/drafts/${draftId}`);
    await user.page.getByTestId('connection-status').getByText('Saved').waitFor();
    await user.context.close();
  });

  it('changing the password ends the other sessions, and the list of sessions shows only this browser at once', async () => {
    const cora = await buildUser(server, adminCookie, { name: 'Cora Coordinator', organisation: 'Access Now' });
    const user = await loginInNewContext(browser, server, cora.email, cora.password, '/account');
    // cora.cookie (from buildUser) is a second device; a third one too.
    await login(server, cora.email, cora.password);
    await user.page.reload();
    await expect.poll(() => user.page.getByTestId('session-row').count()).toBe(3);
    await user.page.getByLabel('Current password').fill(cora.password);
    await user.page.getByLabel('New password', { exact: true }).fill('lantern orchard velvet tide');
    await user.page.getByLabel('New password again').fill('lantern orchard velvet tide');
    await user.page.getByRole('button', { name: 'Change password' }).click();
    await user.page.getByText('Password changed. Your other sessions have ended.').waitFor();
    await expect.poll(() => user.page.getByTestId('session-row').count()).toBe(1);
    await user.page.getByTestId('session-row').getByText('This browser').waitFor();
    expect(await user.page.getByRole('button', { name: 'End session' }).count()).toBe(0);
    expect(await user.page.getByRole('button', { name: 'Log out everywhere else' }).count()).toBe(0);
    expect((await api(server, cora.cookie, 'GET', '/api/me')).status).toBe(401);
    expect(user.problems).toEqual([]);
    await user.context.close();
  });

  it('a member whose role the coordinator changes while the draft is open is told at once, in words', async () => {
    const { coordinator, member, draftId } = await draftWithMember('Proposal on 4.A.5.', 'Edda Editor', 'editor');
    const user = await loginInNewContext(browser, server, member.email, member.password, `/drafts/${draftId}`);
    await user.page.getByTestId('connection-status').getByText('Saved').waitFor();
    expect(await user.page.getByText('Your role in this draft is now').count()).toBe(0);

    await addMember(server, coordinator.cookie, draftId, member.email, 'commenter');
    await user.page.getByRole('status').getByText('Your role in this draft is now Commenter').waitFor({ timeout: 10_000 });
    await user.page.getByText('you can comment and suggest wording; what you type becomes a suggestion').waitFor();
    expect(await user.page.getByTestId('mode-editing').isDisabled()).toBe(true);

    await addMember(server, coordinator.cookie, draftId, member.email, 'viewer');
    await user.page.getByRole('note').getByText('You are a viewer of this draft').waitFor({ timeout: 10_000 });
    expect(await user.page.getByText('Your role in this draft is now').count()).toBe(0);

    await addMember(server, coordinator.cookie, draftId, member.email, 'editor');
    await user.page.getByRole('status').getByText('Your role in this draft is now Editor').waitFor({ timeout: 10_000 });
    await user.page.getByRole('button', { name: 'Dismiss' }).click();
    expect(await user.page.getByText('Your role in this draft is now').count()).toBe(0);
    expect(user.problems).toEqual([]);
    await user.context.close();
  });

  it('a login link whose "next" leads off-site (a backslash that browsers read as "//") lands on my drafts instead of breaking the page', async () => {
    const omar = await buildUser(server, adminCookie, { name: 'Omar Officer', organisation: 'Article 19' });
    for (const next of ['/%5Cexample.org', '/%5C%5Cexample.org%2Fdrafts']) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (err) => errors.push(err.message));
      await page.goto(`${server.url}/login?next=${next}`);
      await fillLogin(page, omar.email, omar.password);
      await page.waitForURL((url) => url.pathname === '/', { timeout: 10_000 });
      await page.getByRole('heading', { name: 'My drafts' }).waitFor();
      expect(await page.getByText('Something went wrong').count()).toBe(0);
      expect(errors).toEqual([]);
      await context.close();
    }
  });

  it('on the account page a person corrects their name and organisation; colleagues and the page header see the new ones', async () => {
    const lena = await buildUser(server, adminCookie, { name: 'Lena Legl', organisation: 'EDRI' });
    const coordinator = await buildUser(server, adminCookie, { name: 'Carl Coordinator' });
    const draftId = await buildDraft(server, coordinator.cookie, 'Proposal on 4.E.1.');
    await addMember(server, coordinator.cookie, draftId, lena.email, 'commenter');
    const user = await loginInNewContext(browser, server, lena.email, lena.password, '/account');
    const profile = user.page.getByRole('region', { name: 'Name and organisation' });
    expect(await profile.getByLabel('Your name').inputValue()).toBe('Lena Legl');
    await profile.getByLabel('Your name').fill('   ');
    await profile.getByRole('button', { name: 'Save' }).click();
    await profile.getByRole('alert').getByText('Your name cannot be empty.').waitFor();

    await profile.getByLabel('Your name').fill('Lena Legal');
    await profile.getByLabel('Organisation').fill('European Digital Rights (EDRi)');
    await profile.getByRole('button', { name: 'Save' }).click();
    await profile.getByRole('status').getByText('Saved. Colleagues see your new name').waitFor();
    await user.page.getByRole('navigation', { name: 'Account' }).getByText('Lena Legal, European Digital Rights (EDRi)').waitFor();
    await user.page.getByText('Lena Legal · ' + lena.email + ' · European Digital Rights (EDRi)').waitFor();

    const members = await api(server, coordinator.cookie, 'GET', `/api/drafts/${draftId}/members`);
    const listed = (members.body as { members: Array<{ email: string; name: string; organisation: string }> }).members.find((m) => m.email === lena.email);
    expect(listed).toMatchObject({ name: 'Lena Legal', organisation: 'European Digital Rights (EDRi)' });
    await user.page.reload();
    expect(await user.page.getByRole('region', { name: 'Name and organisation' }).getByLabel('Your name').inputValue()).toBe('Lena Legal');
    expect(user.problems).toEqual([]);
    await user.context.close();
  });

  it('an administrator changes their own password on their account page, not by "Reset password" (which logged them out and skipped the current password)', async () => {
    const ada = await buildUser(server, adminCookie, { name: 'Ada Second-Admin', isAdmin: true });
    const admin = await loginInNewContext(browser, server, ada.email, ada.password, '/admin');
    const own = admin.page.getByTestId('account-row').filter({ hasText: ada.email });
    await own.waitFor();
    expect(await own.getByRole('button', { name: 'Reset password' }).count()).toBe(0);
    await own.getByRole('link', { name: 'Change it on your account page' }).click();
    await admin.page.waitForURL((url) => url.pathname === '/account');
    // Others' rows keep it.
    await admin.page.goBack();
    await admin.page.getByTestId('account-row').filter({ hasText: server.admin.email }).getByRole('button', { name: 'Reset password' }).waitFor();

    const selfReset = await api(server, ada.cookie, 'POST', `/api/admin/users/${ada.id}/password`, { password: 'a brand new admin passphrase' });
    expect(selfReset.status).toBe(409);
    expect(field(selfReset.body, 'message')).toMatch(/your account page/);
    const selfClear = await api(server, ada.cookie, 'POST', `/api/admin/users/${ada.id}/totp/reset`);
    expect(selfClear.status).toBe(409);
    // Nothing was changed: the session and the password still work.
    expect((await api(server, ada.cookie, 'GET', '/api/me')).status).toBe(200);
    await login(server, ada.email, ada.password);
    expect(admin.problems).toEqual([]);
    await admin.context.close();
  });

  it('a member removed while the draft is open is told so at once, and the page no longer offers what the server would refuse', async () => {
    const { coordinator, member, draftId } = await draftWithMember('Proposal on 5.A.1.j. (removal)', 'Rita Removed', 'commenter');
    const user = await loginInNewContext(browser, server, member.email, member.password, `/drafts/${draftId}`);
    // A commenter's page stores nothing of theirs: it says "Up to date", not "Saved".
    await user.page.getByTestId('connection-status').getByText('Up to date').waitFor();
    await user.page.getByRole('button', { name: 'Comment on selection' }).waitFor();
    await user.page.getByRole('button', { name: 'People' }).waitFor();

    expect((await api(server, coordinator.cookie, 'DELETE', `/api/drafts/${draftId}/members/${member.id}`)).status).toBe(200);
    await user.page.getByRole('alert').getByText('You no longer have access to this draft.').waitFor({ timeout: 10_000 });
    await user.page.getByText('Viewing', { exact: true }).waitFor();
    expect(await user.page.getByRole('button', { name: 'Comment on selection' }).count()).toBe(0);
    expect(await user.page.getByRole('button', { name: 'People' }).count()).toBe(0);
    expect(await user.page.getByRole('button', { name: 'Export' }).count()).toBe(0);
    expect(await user.page.getByTestId('mode-suggesting').count()).toBe(0);
    await user.context.close();
  });

  it('someone logged in who opens an invitation for another address is asked to log out first, not switched to a new account', async () => {
    const cora = await buildUser(server, adminCookie, { name: 'Cora Coordinator', organisation: 'Access Now' });
    const created = await api(server, adminCookie, 'POST', '/api/invites', { email: 'omar-invited@plenary.test', organisation: 'Article 19', isAdmin: false, expiresInHours: 24 });
    const link = onServer(field(created.body, 'url'), server);
    const user = await loginInNewContext(browser, server, cora.email, cora.password, '/');
    const browserSession = (await user.context.cookies()).find((c) => c.name === 'plenary_session');
    if (!browserSession) throw new Error('no session cookie in the browser');
    await user.page.goto(link);
    await user.page.getByText('You are logged in as Cora Coordinator').waitFor({ timeout: 10_000 });
    expect(await user.page.getByRole('button', { name: 'Create my account' }).count()).toBe(0);
    await user.page.getByRole('button', { name: 'Log out' }).click();
    await user.page.getByText('You are invited as omar-invited@plenary.test (Article 19)').waitFor();
    await user.page.getByRole('button', { name: 'Create my account' }).waitFor();
    // Logging out ended that browser's session on the server, not only in this browser.
    expect((await api(server, `plenary_session=${browserSession.value}`, 'GET', '/api/me')).status).toBe(401);
    expect(user.problems).toEqual([]);
    await user.context.close();
  });

  it('an administrator is asked before disabling an account, since it ends that person’s open drafts at once', async () => {
    const dana = await buildUser(server, adminCookie, { name: 'Dana Disable-Me', organisation: 'Access Now' });
    const admin = await loginInNewContext(browser, server, server.admin.email, server.admin.password, '/admin');
    const row = admin.page.getByTestId('account-row').filter({ hasText: dana.email });
    const asked: string[] = [];
    admin.page.once('dialog', (d) => {
      asked.push(d.message());
      void d.dismiss();
    });
    await row.getByRole('button', { name: 'Disable' }).click();
    await expect.poll(() => asked.length).toBe(1);
    expect(asked[0]).toContain('Disable Dana Disable-Me');
    expect(asked[0]).toContain('open drafts close at once');
    await row.getByText('Active').waitFor();
    expect((await api(server, dana.cookie, 'GET', '/api/me')).status).toBe(200);

    admin.page.once('dialog', (d) => void d.accept());
    await row.getByRole('button', { name: 'Disable' }).click();
    await row.getByText('Disabled').waitFor();
    expect((await api(server, dana.cookie, 'GET', '/api/me')).status).toBe(401);
    expect(admin.problems).toEqual([]);
    await admin.context.close();
  });

  it('a coordinator who "adds" someone already in the draft is told that it changed their role', async () => {
    const { coordinator, member, draftId } = await draftWithMember('Proposal on 4.A.5. (members)', 'Pia Present', 'editor');
    const user = await loginInNewContext(browser, server, coordinator.email, coordinator.password, `/drafts/${draftId}`);
    await user.page.getByRole('button', { name: 'Share' }).click();
    const dialog = user.page.getByRole('dialog');
    await dialog.getByLabel('Role of Pia Present').waitFor();
    await dialog.getByLabel('Email').fill(` ${member.email.toUpperCase()} `);
    await dialog.locator('select[name="role"]').selectOption('viewer');
    await dialog.getByRole('button', { name: 'Add' }).click();
    await dialog.getByRole('status').getByText('Pia Present was already in this draft: their role is now Viewer.').waitFor();
    expect(await dialog.getByLabel('Role of Pia Present').inputValue()).toBe('viewer');
    expect(user.problems).toEqual([]);
    await user.context.close();
  });

  it('two-step login from a link: a code, then a recovery code (which a phone keyboard must let one type), once only; an administrator clears a lost one', async () => {
    const lars = await buildUser(server, adminCookie, { name: 'Lars Two-Step', organisation: 'EDRi' });
    const setup = TotpSetupSchema.parse((await api(server, lars.cookie, 'POST', '/api/account/totp/setup')).body);
    const confirmed = await api(server, lars.cookie, 'POST', '/api/account/totp/confirm', { code: totpCodeFor(setup.secret) });
    const [recovery] = (confirmed.body as { recoveryCodes: string[] }).recoveryCodes;
    if (!recovery) throw new Error('no recovery codes');
    const draftId = await buildDraft(server, lars.cookie, 'Proposal on 5.A.1.j. (two-step)');

    const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
    const page = await context.newPage();
    const codeStep = async () => {
      await page.goto(`${server.url}/drafts/${draftId}`);
      await fillLogin(page, lars.email, lars.password);
      return page.getByLabel(/Code from your authenticator app/);
    };
    let code = await codeStep();
    // Recovery codes have letters: a numeric keypad on a phone could not type them.
    expect(await code.getAttribute('inputmode')).not.toBe('numeric');
    await code.fill(totpCodeFor(setup.secret, 1));
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByTestId('connection-status').getByText('Saved').waitFor({ timeout: 10_000 });
    await page.getByRole('link', { name: /back to my drafts/ }).click();
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.waitForURL((url) => url.pathname === '/login');

    code = await codeStep();
    await code.fill(` ${recovery.toUpperCase()} `);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL((url) => url.pathname === `/drafts/${draftId}`);
    await page.getByRole('link', { name: /back to my drafts/ }).click();
    await page.getByRole('button', { name: 'Log out' }).click();

    code = await codeStep();
    await code.fill(recovery);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('alert').getByText('That code is not correct or was already used.').waitFor();

    // Phone and codes lost: the administrator clears two-step login; the password alone then works.
    expect((await api(server, adminCookie, 'POST', `/api/admin/users/${lars.id}/totp/reset`)).status).toBe(200);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL((url) => url.pathname === `/drafts/${draftId}`);
    await context.close();
  });

  it('an invitation link cut short says so in words; the whole link still works', async () => {
    const created = await api(server, adminCookie, 'POST', '/api/invites', { email: 'ines@plenary.test', organisation: 'Article 19', isAdmin: false, expiresInHours: 24 });
    expect(created.status).toBe(201);
    const link = onServer(field(created.body, 'url'), server);
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
    const page = await context.newPage();
    for (const cut of [link.slice(0, link.indexOf('#') + 9), link.slice(0, link.indexOf('#'))]) {
      await page.goto(cut);
      await page.getByRole('alert').getByText('This invitation link is incomplete').waitFor({ timeout: 10_000 });
      expect(await page.getByText(/request body|expected string/).count()).toBe(0);
    }
    await page.goto(link);
    await page.getByText('You are invited as ines@plenary.test (Article 19)').waitFor();
    await context.close();
  });
});

describe('first-run setup of an instance with no account', () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startAppServer({ env: { PLENARY_ADMIN_EMAIL: undefined, PLENARY_ADMIN_PASSWORD: undefined } });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.dispose();
  });

  it('the setup link printed at start creates the administrator once; a link cut short says so in words', async () => {
    const printed = /(\S+\/setup#\S+)/.exec(server.logs())?.[1];
    if (!printed) throw new Error(`no setup link in the server's output:\n${server.logs()}`);
    const link = onServer(printed, server);
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
    const page = await context.newPage();
    await page.goto(link.slice(0, link.indexOf('#') + 6));
    await page.getByRole('alert').getByText('This setup link is incomplete').waitFor({ timeout: 10_000 });
    expect(await page.getByRole('button', { name: 'Create administrator' }).isDisabled()).toBe(true);

    await page.goto(link);
    await page.getByLabel('Your name').fill('Ada Admin');
    await page.getByLabel('Organisation').fill('Access Now');
    await page.getByLabel('Email').fill('ada@plenary.test');
    await page.getByLabel('Password').fill('quiet ink harbour lamp');
    await page.getByRole('button', { name: 'Create administrator' }).click();
    await page.waitForURL((url) => url.pathname === '/');
    await page.getByText('Ada Admin, Access Now').waitFor();
    await page.getByRole('link', { name: 'Administration' }).waitFor();

    // The same link again, elsewhere: the instance is set up, so it leads to the login page.
    const again = await browser.newContext({ viewport: { width: 1280, height: 860 } });
    const second = await again.newPage();
    await second.goto(link);
    await second.waitForURL((url) => url.pathname === '/login');
    await again.close();
    await context.close();
  });
});

describe('logging in from a link when the instance requires two-step login', () => {
  let server: TestServer;
  let browser: Browser;
  let adminCookie: string;

  beforeAll(async () => {
    server = await startAppServer();
    browser = await launchBrowser();
    adminCookie = await loginAdmin(server);
    const setup = TotpSetupSchema.parse((await api(server, adminCookie, 'POST', '/api/account/totp/setup')).body);
    expect((await api(server, adminCookie, 'POST', '/api/account/totp/confirm', { code: totpCodeFor(setup.secret) })).status).toBe(200);
    expect((await api(server, adminCookie, 'PUT', '/api/admin/settings', { requireTotp: true })).status).toBe(200);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.dispose();
  });

  it('someone asked to set it up at login, without their phone at hand, can log out (else the next person at that computer could enrol their own phone)', async () => {
    const walker = { email: 'walker-totp@plenary.test', password: 'walker long passphrase here' };
    expect((await api(server, adminCookie, 'POST', '/api/users', { name: 'Wanda Walker', organisation: '', isAdmin: false, ...walker })).status).toBe(201);
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
    const page = await context.newPage();
    await page.goto(`${server.url}/login`);
    await page.getByLabel('Email').fill(walker.email);
    await page.getByLabel('Password').fill(walker.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByText('Your administrator requires two-step login for every account').waitFor();
    const session = (await context.cookies()).find((c) => c.name === 'plenary_session');
    if (!session) throw new Error('no session cookie');
    expect((await api(server, `plenary_session=${session.value}`, 'GET', '/api/account')).status).toBe(200);
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.waitForURL((url) => url.pathname === '/login');
    expect((await api(server, `plenary_session=${session.value}`, 'GET', '/api/account')).status).toBe(401);
    await context.close();
  });

  it('a member without it follows a link to a draft, sets it up, and goes on to that draft', async () => {
    // Created directly: buildUser logs the account in, which the instance refuses until it is set up.
    const member = { email: 'member-totp@plenary.test', password: 'member long passphrase here' };
    expect((await api(server, adminCookie, 'POST', '/api/users', { name: 'Mira Member', organisation: 'Access Now', isAdmin: false, ...member })).status).toBe(201);
    // The admin (two-step login on) coordinates the draft and adds the member.
    const draftId = await buildDraft(server, adminCookie, 'Proposal on 4.D.4. (two-step)');
    expect((await api(server, adminCookie, 'PUT', `/api/drafts/${draftId}/members`, { email: member.email, role: 'editor' })).status).toBe(201);

    const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
    const page = await context.newPage();
    await page.goto(`${server.url}/drafts/${draftId}`);
    await page.waitForURL((url) => url.pathname === '/login');
    await page.getByLabel('Email').fill(member.email);
    await page.getByLabel('Password').fill(member.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL((url) => url.pathname === '/account');
    await page.getByText('Your administrator requires two-step login for every account').waitFor();
    await page.getByRole('button', { name: 'Set up two-step login' }).click();
    const secret = ((await page.getByTestId('totp-secret').textContent()) ?? '').replace(/\s/g, '');
    await page.getByLabel('Type the 6-digit code').fill(totpCodeFor(secret));
    await page.getByRole('button', { name: 'Turn on two-step login' }).click();
    await page.getByRole('link', { name: 'Continue to the draft' }).click();
    await page.waitForURL((url) => url.pathname === `/drafts/${draftId}`);
    await page.getByTestId('connection-status').getByText('Saved').waitFor({ timeout: 10_000 });
    await context.close();
  });
});
