import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { hashPassword, verifyPassword } from './passwords.ts';

/** Issue 5 item 5: passwords are hashed with scrypt at the currently recommended cost by default. */
describe('password hashing', () => {
  it('uses scrypt N = 2^17, r = 8, p = 1 unless configured otherwise (OWASP’s current recommendation)', async () => {
    const loaded = loadConfig({});
    if (!loaded.ok) throw new Error(loaded.problems.join('; '));
    expect(loaded.config.scryptLogN).toBe(17);
    const hash = await hashPassword('correct horse battery staple', loaded.config.scryptLogN);
    expect(hash).toMatch(/^scrypt\$17\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(await verifyPassword('correct horse battery staple', hash)).toBe(true);
    expect(await verifyPassword('correct horse battery stapler', hash)).toBe(false);
  });

  it('salts every hash, and refuses a configured cost below 2^14', async () => {
    expect(await hashPassword('same password', 14)).not.toBe(await hashPassword('same password', 14));
    expect(loadConfig({ SCRYPT_LOG_N: '12' }).ok).toBe(false);
  });
});
