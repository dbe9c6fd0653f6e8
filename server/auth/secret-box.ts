import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

/** AES-256-GCM: 32-byte key, 12-byte nonce (the size GCM is designed for), 16-byte tag. */
export const SECRET_KEY_BYTES = 32;
const NONCE_BYTES = 12;
const FORMAT = 'v1';

/**
 * Seals small secrets (TOTP seeds) for storage with the instance's key, which lives outside the
 * database, so a copy of the database alone yields no second factor. `context` (the account id) is
 * authenticated with the ciphertext: a sealed value copied onto another account does not open.
 */
export interface SecretBox {
  seal(plain: string, context: string): string;
  /** The plain text; throws if the value was not sealed with this key and context. */
  open(sealed: string, context: string): string;
  /** A fingerprint of the key (not the key), stored beside sealed values to notice a wrong key at start. */
  readonly keyId: string;
}

export const isSealed = (value: string): boolean => value.startsWith(`${FORMAT}:`);

export function createSecretBox(key: Buffer): SecretBox {
  if (key.length !== SECRET_KEY_BYTES) throw new Error(`a secrets key is ${SECRET_KEY_BYTES} bytes, not ${key.length}`);
  return {
    seal(plain, context) {
      const nonce = randomBytes(NONCE_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, nonce);
      cipher.setAAD(Buffer.from(context, 'utf8'));
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return [FORMAT, nonce.toString('base64url'), body.toString('base64url'), cipher.getAuthTag().toString('base64url')].join(':');
    },
    open(sealed, context) {
      const [format, nonce, body, tag] = sealed.split(':');
      if (format !== FORMAT || !nonce || body === undefined || !tag) throw new Error('not a sealed secret');
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(nonce, 'base64url'));
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
    },
    keyId: createHmac('sha256', key).update('plenary secrets key id').digest('base64url').slice(0, 22),
  };
}
