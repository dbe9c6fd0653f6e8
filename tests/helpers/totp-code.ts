import { base32Decode, hotp, totpStep } from '../../server/auth/totp.ts';

/** The code an authenticator app shows for `secret`, `offset` 30-second steps from now (±1 is accepted). */
export function totpCodeFor(secret: string, offset = 0): string {
  const key = base32Decode(secret);
  if (!key) throw new Error('not a base32 secret');
  return hotp(key, totpStep(Date.now()) + offset);
}
