import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../shared/api/audit.ts';
import { describeEntry } from './describe.ts';

const entry = (action: string, detail: AuditEntry['detail']): AuditEntry => ({ id: 1, at: '2026-11-29T20:00:00.000Z', action, actor: null, draftId: null, detail, address: '127.0.0.1' });

describe('describeEntry', () => {
  it('says how a login proved who it was, in words', () => {
    expect(describeEntry(entry('login', { secondFactor: 'none' }))).toBe('Logged in (password only)');
    expect(describeEntry(entry('login', { secondFactor: 'totp' }))).toBe('Logged in (password and authenticator code)');
    expect(describeEntry(entry('login', { secondFactor: 'recovery' }))).toBe('Logged in (password and a recovery code)');
  });

  it('says why a login failed, and never shows the tried address’s hash or the account id', () => {
    expect(describeEntry(entry('login.failed', { account: null, emailHash: '0123456789abcdef', reason: 'credentials' }))).toBe('Failed login (wrong email or password)');
    expect(describeEntry(entry('login.failed', { account: 'u1', reason: 'second factor' }))).toBe('Failed login (wrong or reused two-step code)');
    expect(describeEntry(entry('login.failed', { account: null, emailHash: 'ab', reason: 'rate-limited' }))).toBe('Failed login (too many attempts, refused without checking)');
  });

  it('shows a value it has no words for as it is, rather than nothing', () => {
    expect(describeEntry(entry('login', { secondFactor: 'passkey' }))).toBe('Logged in (passkey)');
  });
});
