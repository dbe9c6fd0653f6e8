import fs from 'node:fs';
import { LIMITS } from '../../shared/limits.ts';
import { badRequest } from '../errors.ts';

/**
 * Password rules per NIST SP 800-63B §5.1.1.2: a minimum length (12) and a generous maximum, no
 * composition rules, and a check against passwords known from breaches, repetitive or sequential
 * strings, and words from the context (the account's own email or name, the service's name).
 *
 * breached-passwords.txt is a small bundled list (about 11,000 entries, lower-case, one a line)
 * of the most common passwords seen in public breach corpora and their usual variants
 * (word + digits or year, keyboard walks, digit runs). It is not a full breach database: it
 * catches what an attacker tries first.
 */
const BREACHED: ReadonlySet<string> = new Set(
  fs
    .readFileSync(new URL('./breached-passwords.txt', import.meta.url), 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean),
);

/** Whether the bundled list contains the password (case-insensitive). */
export function isBreached(password: string): boolean {
  return BREACHED.has(password.normalize('NFKC').toLowerCase());
}

/** Every character the same, or one steady run up or down (e.g. 'abcdefghijkl', '987654321098'). */
function isRepetitiveOrSequential(password: string): boolean {
  const codes = [...password].map((c) => c.codePointAt(0) ?? 0);
  if (codes.length < 2) return true;
  const steps = new Set(codes.slice(1).map((c, i) => c - (codes[i] ?? 0)));
  if (steps.size !== 1) return false;
  const step = [...steps][0] ?? 0;
  return Math.abs(step) <= 1;
}

/**
 * Why a new password is refused, in words for the person choosing it; undefined when it is fine.
 * `context` holds the account's own identifiers, which make poor passwords.
 */
export function passwordProblem(password: string, context: { email?: string; name?: string } = {}): string | undefined {
  const length = [...password].length;
  if (length < LIMITS.passwordMin) return `Choose a password of at least ${LIMITS.passwordMin} characters.`;
  if (length > LIMITS.passwordMax) return `Choose a password of at most ${LIMITS.passwordMax} characters.`;
  if (isBreached(password)) {
    return 'This password appears in lists of passwords leaked from other services, so attackers try it first. Choose another: a few unrelated words make a strong one.';
  }
  if (isRepetitiveOrSequential(password)) return 'This password is a repeated or sequential run of characters. Choose something less predictable.';
  const lower = password.toLowerCase();
  const local = context.email?.split('@')[0]?.toLowerCase();
  const words = [context.email?.toLowerCase(), local && local.length >= 4 ? local : undefined, context.name?.toLowerCase(), 'plenary'];
  for (const w of words) {
    if (w && lower.replace(/[^a-z]/g, '') === w.replace(/[^a-z]/g, '') && w.replace(/[^a-z]/g, '').length > 0) {
      return 'This password is just your name, your email or the name of this service. Choose something others cannot guess.';
    }
  }
  return undefined;
}

/** Throws a 400 naming the field when a new password breaks the rules (for route handlers). */
export function requireGoodPassword(password: string, context: { email?: string; name?: string }, field = 'password'): void {
  const problem = passwordProblem(password, context);
  if (problem) throw badRequest(problem, [{ path: field, message: problem }]);
}
