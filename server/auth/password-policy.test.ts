import { describe, expect, it } from 'vitest';
import { isBreached, passwordProblem } from './password-policy.ts';

describe('password rules (NIST SP 800-63B)', () => {
  it('refuses passwords from the bundled breached list, in any letter case', () => {
    for (const pw of ['password1234', 'Password1234', '123456789012', 'qwertyuiopasdf', 'iloveyou2024']) {
      expect(isBreached(pw), pw).toBe(true);
      expect(passwordProblem(pw)).toMatch(/leaked/);
    }
  });

  it('accepts a long passphrase with no composition rules (no digit, no symbol, no capital needed)', () => {
    expect(passwordProblem('correct horse battery staple')).toBeUndefined();
    expect(passwordProblem('wassenaar list amendments')).toBeUndefined();
  });

  it('refuses too-short, repeated and sequential passwords', () => {
    expect(passwordProblem('short pass')).toMatch(/at least 12/);
    expect(passwordProblem('zzzzzzzzzzzzzz')).toMatch(/repeated or sequential|leaked/);
    expect(passwordProblem('lmnopqrstuvwxy')).toMatch(/repeated or sequential/);
  });

  it('refuses the account’s own email or name as its password', () => {
    expect(passwordProblem('ana.policy@ngo.org', { email: 'ana.policy@ngo.org' })).toMatch(/your name, your email/);
    expect(passwordProblem('Ana Policy Drafter', { name: 'ana policy drafter' })).toMatch(/your name, your email/);
  });

  it('loads a list of a few thousand entries or more', () => {
    expect(['123456', 'qwerty', 'letmein', 'trustno1'].every(isBreached)).toBe(true);
  });
});
