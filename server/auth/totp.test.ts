import { describe, expect, it } from 'vitest';
import { base32Decode, base32Encode, hotp, matchTotp, otpauthUri, totpStep } from './totp.ts';

// RFC 6238 Appendix B (SHA-1 key "12345678901234567890"); the 6-digit codes are the last 6 of the 8.
const KEY = Buffer.from('12345678901234567890');
const VECTORS: Array<[number, string]> = [
  [59, '94287082'],
  [1111111109, '07081804'],
  [1111111111, '14050471'],
  [1234567890, '89005924'],
  [2000000000, '69279037'],
  [20000000000, '65353130'],
];

describe('TOTP (RFC 6238)', () => {
  it('matches the RFC 6238 SHA-1 test vectors at 8 digits', () => {
    for (const [t, code] of VECTORS) expect(hotp(KEY, totpStep(t * 1000), 8)).toBe(code);
  });

  it('matches RFC 4226 Appendix D HOTP values for counters 0..9', () => {
    const expected = ['755224', '287082', '359152', '969429', '338314', '254676', '287922', '162583', '399871', '520489'];
    expect(expected.map((_, i) => hotp(KEY, i))).toEqual(expected);
  });

  it('round-trips base32 and decodes the RFC 4648 examples', () => {
    expect(base32Encode(Buffer.from('foobar'))).toBe('MZXW6YTBOI');
    expect(base32Decode('MZXW6YTBOI======')?.toString()).toBe('foobar');
    expect(base32Decode('mzxw 6ytb oi')?.toString()).toBe('foobar');
    expect(base32Decode('not base32!')).toBeUndefined();
    expect(base32Decode(base32Encode(KEY))?.equals(KEY)).toBe(true);
  });

  it('accepts a code one step early or late and refuses two steps off', () => {
    const secret = base32Encode(KEY);
    const t = 1111111111 * 1000;
    const step = totpStep(t);
    expect(matchTotp(secret, hotp(KEY, step), t)).toBe(step);
    expect(matchTotp(secret, hotp(KEY, step - 1), t)).toBe(step - 1);
    expect(matchTotp(secret, hotp(KEY, step + 1), t)).toBe(step + 1);
    expect(matchTotp(secret, hotp(KEY, step - 2), t)).toBeUndefined();
    expect(matchTotp(secret, hotp(KEY, step + 2), t)).toBeUndefined();
    expect(matchTotp(secret, 'abcdef', t)).toBeUndefined();
  });

  it('builds an otpauth URI authenticator apps import', () => {
    const uri = new URL(otpauthUri('JBSWY3DPEHPK3PXP', 'ana@example.org'));
    expect(uri.protocol).toBe('otpauth:');
    expect(uri.host).toBe('totp');
    expect(decodeURIComponent(uri.pathname)).toBe('/Plenary:ana@example.org');
    expect(Object.fromEntries(uri.searchParams)).toEqual({ secret: 'JBSWY3DPEHPK3PXP', issuer: 'Plenary', algorithm: 'SHA1', digits: '6', period: '30' });
  });
});
