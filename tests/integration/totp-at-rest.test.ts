import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TotpSetupSchema } from '../../shared/api/index.ts';
import { base32Decode } from '../../server/auth/totp.ts';
import { api, buildUser, loginAdmin, sessionCookieFrom, type TestUser } from '../helpers/api.ts';
import { totpCodeFor } from '../helpers/totp-code.ts';
import { startServer, type TestServer } from '../helpers/test-server.ts';

/**
 * Issue 5 item 4 (at rest): TOTP secrets are sealed (AES-256-GCM) with a per-instance key kept in a
 * file outside the database. The database alone yields no second factor, a restart keeps two-step
 * login working, secrets stored in clear by older versions are sealed by a named migration, and a
 * missing or wrong key stops the start with a clear message instead of locking everyone out.
 */

/** Every byte SQLite keeps for this database: the main file, and the WAL and shared-memory files if present. */
function rawDatabaseBytes(dataDir: string): Buffer {
  const base = path.join(dataDir, 'plenary.sqlite');
  return Buffer.concat([base, `${base}-wal`, `${base}-shm`].filter((f) => fs.existsSync(f)).map((f) => fs.readFileSync(f)));
}

/** The secret in every form it could be stored in clear: base32 text (any case) and its raw bytes. */
function expectNoClearSecret(dataDir: string, secret: string): void {
  const raw = rawDatabaseBytes(dataDir);
  expect(raw.length).toBeGreaterThan(4096);
  expect(raw.includes(Buffer.from(secret))).toBe(false);
  expect(raw.includes(Buffer.from(secret.toLowerCase()))).toBe(false);
  expect(raw.includes(base32Decode(secret) ?? Buffer.alloc(0))).toBe(false);
}

async function enrol(server: TestServer, user: TestUser): Promise<string> {
  const setup = TotpSetupSchema.parse((await api(server, user.cookie, 'POST', '/api/account/totp/setup')).body);
  expect((await api(server, user.cookie, 'POST', '/api/account/totp/confirm', { code: totpCodeFor(setup.secret, 0) })).status).toBe(200);
  return setup.secret;
}

/**
 * Logs in with a second-factor code. The account's last accepted step is cleared first: these tests
 * log in more often than 30-second steps pass, and replay refusal has its own test (accounts.test.ts).
 */
async function loginWithCode(server: TestServer, user: TestUser, code: string) {
  const db = new Database(path.join(server.dataDir, 'plenary.sqlite'));
  db.prepare('UPDATE user_totp SET last_step = 0 WHERE user_id = ?').run(user.id);
  db.close();
  return api(server, undefined, 'POST', '/api/auth/login', { email: user.email, password: user.password, code });
}

describe('TOTP secrets at rest', () => {
  let dataDir: string;
  let server: TestServer | undefined;
  let user: TestUser;
  let secret: string;
  const keyFile = () => path.join(dataDir, 'secrets.key');

  beforeAll(async () => {
    server = await startServer();
    dataDir = server.dataDir;
    user = await buildUser(server, await loginAdmin(server));
    secret = await enrol(server, user);
  });
  afterAll(async () => {
    await server?.dispose();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('creates the key file beside the database with mode 0600 and keeps no secret in clear in the database files', async () => {
    expect(fs.statSync(keyFile()).mode & 0o777).toBe(0o600);
    expect(Buffer.from(fs.readFileSync(keyFile(), 'utf8').trim(), 'base64')).toHaveLength(32);
    expectNoClearSecret(dataDir, secret);
    const db = new Database(path.join(dataDir, 'plenary.sqlite'), { readonly: true });
    const stored = db.prepare('SELECT secret FROM user_totp WHERE user_id = ?').get(user.id) as { secret: string };
    db.close();
    expect(stored.secret).toMatch(/^v1:/);
    // And after a clean stop, when SQLite has folded the WAL into the main file.
    await server?.stop();
    expectNoClearSecret(dataDir, secret);
  });

  it('still logs in with a code after a restart, and refuses a code the secret did not make', async () => {
    server = await startServer({ dataDir });
    expect((await loginWithCode(server, user, '000000')).status).toBe(401);
    const res = await loginWithCode(server, user, totpCodeFor(secret, 0));
    expect(res.status).toBe(200);
    expect(sessionCookieFrom(res.headers)).toBeDefined();
    await server.stop();
  });

  it('seals secrets an older version stored in clear (named migration), leaving no clear copy, and login keeps working', async () => {
    // Put the data directory back in the state an instance from before this change had: the secret
    // in clear, no key file, no key fingerprint, the migration not applied.
    const db = new Database(path.join(dataDir, 'plenary.sqlite'));
    db.prepare('UPDATE user_totp SET secret = ? WHERE user_id = ?').run(secret, user.id);
    db.prepare("DELETE FROM instance_settings WHERE key = 'secrets_key_id'").run();
    db.prepare("DELETE FROM schema_migrations WHERE name = '0007-seal-totp-secrets'").run();
    db.close();
    fs.rmSync(keyFile());
    expect(rawDatabaseBytes(dataDir).includes(Buffer.from(secret))).toBe(true);

    server = await startServer({ dataDir });
    expectNoClearSecret(dataDir, secret);
    const check = new Database(path.join(dataDir, 'plenary.sqlite'), { readonly: true });
    const applied = check.prepare("SELECT name FROM schema_migrations WHERE name = '0007-seal-totp-secrets'").get();
    check.close();
    expect(applied).toBeDefined();
    expect((await loginWithCode(server, user, totpCodeFor(secret, 0))).status).toBe(200);
    await server.stop();
  });

  it('refuses to start, saying why, when the key file is missing or holds another key, and starts again once it is restored', async () => {
    const key = fs.readFileSync(keyFile());
    fs.rmSync(keyFile());
    await expect(startServer({ dataDir })).rejects.toThrow(/secrets key file .*secrets\.key is missing.*Restore the file from your backup/s);
    // Nothing was created in its place: an empty new key would seal new secrets nobody backed up.
    expect(fs.existsSync(keyFile())).toBe(false);

    fs.writeFileSync(keyFile(), `${randomBytes(32).toString('base64')}\n`, { mode: 0o600 });
    await expect(startServer({ dataDir })).rejects.toThrow(/is not the one this database's two-step login secrets were sealed with/);

    fs.writeFileSync(keyFile(), 'not a key\n', { mode: 0o600 });
    await expect(startServer({ dataDir })).rejects.toThrow(/does not hold a key/);

    fs.writeFileSync(keyFile(), key, { mode: 0o600 });
    server = await startServer({ dataDir });
    expect((await loginWithCode(server, user, totpCodeFor(secret, 0))).status).toBe(200);
  });

  it('reads the key from SECRETS_KEY_FILE when set, so it can live apart from the data directory', async () => {
    await server?.stop();
    const elsewhere = path.join(dataDir, 'keys-elsewhere');
    fs.mkdirSync(elsewhere, { mode: 0o700 });
    fs.renameSync(keyFile(), path.join(elsewhere, 'plenary.key'));
    server = await startServer({ dataDir, env: { SECRETS_KEY_FILE: path.join(elsewhere, 'plenary.key') } });
    expect((await loginWithCode(server, user, totpCodeFor(secret, 0))).status).toBe(200);
    expect(fs.existsSync(keyFile())).toBe(false);
  });
});
