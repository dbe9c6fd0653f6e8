import { describe, expect, it } from 'vitest';
import { CloseCode } from '../../shared/protocol/close-codes.ts';
import { accessEndedCode, nextCheckInterval } from './refused-handshake.ts';

describe('what the answers to a refused handshake mean', () => {
  it('a session the server no longer knows ends the session, whatever the draft says', () => {
    expect(accessEndedCode(401, undefined)).toBe(CloseCode.Unauthenticated);
    expect(accessEndedCode(401, 200)).toBe(CloseCode.Unauthenticated);
    // The session ended between the two questions.
    expect(accessEndedCode(200, 401)).toBe(CloseCode.Unauthenticated);
  });

  it('a draft that is gone or no longer the member’s ends access to it', () => {
    expect(accessEndedCode(200, 404)).toBe(CloseCode.NotFound);
    expect(accessEndedCode(200, 403)).toBe(CloseCode.Forbidden);
  });

  it('concludes nothing when the server was not reached, is failing or busy, or says all is well', () => {
    for (const me of [0, 500, 502, 503, 429]) expect(accessEndedCode(me, undefined)).toBeUndefined();
    for (const draft of [0, 500, 503, 429, 200]) expect(accessEndedCode(200, draft)).toBeUndefined();
    // The draft's answer counts only once the session is known to be good.
    expect(accessEndedCode(0, 404)).toBeUndefined();
    expect(accessEndedCode(503, 404)).toBeUndefined();
    expect(accessEndedCode(200, undefined)).toBeUndefined();
  });

  it('a 403 from who-am-I (say, a session good only for setting up two-step login) is not taken as an ended session', () => {
    expect(accessEndedCode(403, undefined)).toBeUndefined();
  });

  it('asks less and less often while the checks conclude nothing, but at least once a minute', () => {
    const waits = [4000];
    for (let i = 0; i < 6; i++) waits.push(nextCheckInterval(waits.at(-1) ?? 0));
    expect(waits).toEqual([4000, 8000, 16_000, 32_000, 60_000, 60_000, 60_000]);
  });
});
