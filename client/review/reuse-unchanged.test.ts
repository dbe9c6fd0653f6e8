import { describe, expect, it } from 'vitest';
import { ReviewStateSchema, type ReviewState } from '../../shared/api/review.ts';
import { reuseUnchanged, sameJson } from './reuse-unchanged.ts';

const person = { id: 'Cam0Commenter000000000', name: 'Cam Commenter', organisation: 'Privacy International', color: '#1a7f37' };
const anchor = { start: { item: { client: 1, clock: 4 }, assoc: 0 }, end: { item: { client: 1, clock: 9 }, assoc: -1 } };

function thread(id: string, body: string) {
  return {
    id,
    kind: 'comment' as const,
    status: 'open' as const,
    author: person,
    anchor,
    quote: 'intrusion software',
    detached: false,
    order: 1,
    createdAt: '2026-11-29T09:00:00.000Z',
    comments: [{ id: `${id}-c`, author: person, body, mentions: [], createdAt: '2026-11-29T09:00:00.000Z', editedAt: null }],
    mentionsMe: false,
  };
}

/** As the client receives it: parsed from JSON, every object new. */
const fetched = (threads: ReturnType<typeof thread>[], suggestionsOnly = false): ReviewState =>
  ReviewStateSchema.parse(JSON.parse(JSON.stringify({ suggestionsOnly, threads })));

describe('reuseUnchanged', () => {
  it('keeps the state shown when the refetched list is the same', () => {
    const shown = fetched([thread('a', 'one'), thread('b', 'two')]);
    const result = reuseUnchanged(shown, fetched([thread('a', 'one'), thread('b', 'two')]));
    expect(result.same).toBe(true);
    expect(result.state).toBe(shown);
  });

  it('replaces only the thread that changed, keeping the others as the objects shown', () => {
    const shown = fetched([thread('a', 'one'), thread('b', 'two')]);
    const result = reuseUnchanged(shown, fetched([thread('a', 'one'), thread('b', 'two, edited')]));
    expect(result.same).toBe(false);
    expect(result.state.threads[0]).toBe(shown.threads[0]);
    expect(result.state.threads[1]).not.toBe(shown.threads[1]);
    expect(result.state.threads[1]?.comments[0]?.body).toBe('two, edited');
  });

  it('sees added, removed and reordered threads and the review phase', () => {
    const shown = fetched([thread('a', 'one'), thread('b', 'two')]);
    expect(reuseUnchanged(shown, fetched([thread('a', 'one')])).same).toBe(false);
    expect(reuseUnchanged(shown, fetched([thread('a', 'one'), thread('b', 'two'), thread('c', 'three')])).same).toBe(false);
    const reordered = reuseUnchanged(shown, fetched([thread('b', 'two'), thread('a', 'one')]));
    expect(reordered.same).toBe(false);
    expect(reordered.state.threads.map((t) => t.id)).toEqual(['b', 'a']);
    expect(reordered.state.threads[0]).toBe(shown.threads[1]);
    const phase = reuseUnchanged(shown, fetched([thread('a', 'one'), thread('b', 'two')], true));
    expect(phase.same).toBe(false);
    expect(phase.state.suggestionsOnly).toBe(true);
  });
});

describe('sameJson', () => {
  it('compares parsed JSON deeply', () => {
    expect(sameJson({ a: [1, { b: null }] }, { a: [1, { b: null }] })).toBe(true);
    expect(sameJson({ a: [1, { b: null }] }, { a: [1, { b: 0 }] })).toBe(false);
    expect(sameJson({ a: 1 }, { a: 1, b: 2 })).toBe(false);
    expect(sameJson({ a: 1, b: undefined }, { a: 1, c: undefined })).toBe(false);
    expect(sameJson([1, 2], { 0: 1, 1: 2 })).toBe(false);
    expect(sameJson('x', 'x')).toBe(true);
  });
});
