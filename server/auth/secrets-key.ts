import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { StartupError } from '../errors.ts';
import { SECRET_KEY_BYTES, createSecretBox, type SecretBox } from './secret-box.ts';

export interface LoadedSecretsKey {
  box: SecretBox;
  /** True when this start created the key file (a new instance, or one upgrading to sealed secrets). */
  created: boolean;
  /** Things an operator should fix that do not stop the server (e.g. a key file others can read). */
  warnings: string[];
}

const BACKUP_HINT = 'See "Secrets key" in the README.';

/**
 * Loads the instance's secrets key from `file` (32 random bytes, base64), creating it with mode 0600
 * when there is none and the database has never used one (`storedKeyId` unset). A missing file for a
 * database that has sealed secrets, a file that is not a key, or a key other than the one the
 * database was sealed with stops the start with a message saying what to do: guessing would lock
 * every two-step account out, or silently seal new secrets with a key nobody backed up.
 */
export function loadSecretsKey(file: string, storedKeyId: string | undefined): LoadedSecretsKey {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if (!(err instanceof Error && 'code' in err && err.code === 'ENOENT')) {
      throw new StartupError(`The secrets key file ${file} cannot be read (${err instanceof Error ? err.message : String(err)}).`);
    }
    if (storedKeyId) {
      throw new StartupError(
        `The secrets key file ${file} is missing, but this database holds two-step login secrets sealed with it. ` +
          `Restore the file from your backup (or point SECRETS_KEY_FILE at it). ${BACKUP_HINT}`,
      );
    }
    return { box: createSecretBox(createKeyFile(file)), created: true, warnings: [] };
  }
  const key = Buffer.from(text.trim(), 'base64');
  if (key.length !== SECRET_KEY_BYTES || !/^[A-Za-z0-9+/_-]+={0,2}$/.test(text.trim())) {
    throw new StartupError(`The secrets key file ${file} does not hold a key (${SECRET_KEY_BYTES} random bytes, base64). ${BACKUP_HINT}`);
  }
  const box = createSecretBox(key);
  if (storedKeyId && storedKeyId !== box.keyId) {
    throw new StartupError(
      `The secrets key in ${file} is not the one this database's two-step login secrets were sealed with. ` +
        `Restore the right key file from your backup (or point SECRETS_KEY_FILE at it). ${BACKUP_HINT}`,
    );
  }
  const warnings = (fs.statSync(file).mode & 0o077) !== 0 ? [`the secrets key file ${file} can be read by other users; chmod 600 it`] : [];
  return { box, created: false, warnings };
}

function createKeyFile(file: string): Buffer {
  const key = randomBytes(SECRET_KEY_BYTES);
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    // 'wx': never overwrite a key that appeared meanwhile.
    fs.writeFileSync(file, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (err) {
    throw new StartupError(`The secrets key file ${file} could not be created (${err instanceof Error ? err.message : String(err)}).`);
  }
  return key;
}
