import type { CollabClient } from './collab-client.ts';

/**
 * Edits that can be counted in the final text. Each marker is a unique string like `<B17>`,
 * inserted only between markers, so concurrent inserts never split one and "present exactly once"
 * is a precise check for lost and duplicated edits.
 */
export interface MarkerLog {
  /** marker → the client's own clock right after it was typed */
  typed: Map<string, number>;
}

export function newMarkerLog(): MarkerLog {
  return { typed: new Map() };
}

/** Indices in `text` where a marker may go without splitting another. */
function boundaries(text: string): number[] {
  const out = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '>' || text[i] === '|') out.push(i + 1);
  return out;
}

/** Types `marker` at a random boundary (by `rand`) of the client's first paragraph. */
export function typeMarker(client: CollabClient, log: MarkerLog, marker: string, rand: () => number): void {
  const spots = boundaries(client.text());
  const index = spots[Math.floor(rand() * spots.length)] ?? 0;
  log.typed.set(marker, client.type(marker, index));
}

/** Markers whose edit the server had acknowledged as committed. */
export function acknowledged(client: CollabClient, log: MarkerLog): string[] {
  const acked = client.ackedClock();
  return [...log.typed].filter(([, clock]) => clock <= acked).map(([m]) => m);
}

export function occurrences(text: string, marker: string): number {
  return text.split(marker).length - 1;
}

/** Markers not present exactly once in `text`, with their count. */
export function notExactlyOnce(text: string, markers: Iterable<string>): Array<[string, number]> {
  const bad: Array<[string, number]> = [];
  for (const m of markers) {
    const n = occurrences(text, m);
    if (n !== 1) bad.push([m, n]);
  }
  return bad;
}
