import Database from 'better-sqlite3';
import fc from 'fast-check';
import path from 'node:path';
import { initProseMirrorDoc, prosemirrorJSONToYXmlFragment, updateYFragment, yXmlFragmentToProseMirrorRootNode } from '@tiptap/y-tiptap';
import type { Node as PmNode } from '@tiptap/pm/model';
import { Transform } from '@tiptap/pm/transform';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { documentSchema } from '../../shared/schema/extensions.ts';
import { addMember, api, buildDraft, buildUser, loginAdmin, type TestUser } from '../helpers/api.ts';
import { connectSynced, waitFor, type CollabClient } from '../helpers/collab-client.ts';
import { startServer, type TestServer } from '../helpers/test-server.ts';
import { plainOf } from './review-support.ts';

/**
 * A block moved while a colleague types inside it (the editor's binding writes the move as "delete
 * the block, insert a copy"): the typing ends up in the moved block, once, for everyone, whichever
 * of the two edits reaches the server first. The edit that goes second is made while its client is
 * disconnected, so the order is certain; the move is written as the editor writes it (y-tiptap's
 * diff of a ProseMirror step, with the binding's node mapping).
 */
let server: TestServer;
let coordinator: TestUser;
let ana: TestUser;
let ben: TestUser;
const schema = documentSchema();
const open: CollabClient[] = [];
/** Servers stopped for a restart, disposed (with their data) at the end. */
const stopped: TestServer[] = [];

beforeAll(async () => {
  server = await startServer();
  const admin = await loginAdmin(server);
  coordinator = await buildUser(server, admin, { name: 'Cora' });
  ana = await buildUser(server, admin, { name: 'Ana Mover' });
  ben = await buildUser(server, admin, { name: 'Ben Typist' });
});

afterAll(async () => {
  for (const c of open) c.destroy();
  await server?.dispose();
  for (const s of stopped) await s.dispose();
});

const paragraph = (text: string) => ({ type: 'paragraph', content: [{ type: 'text', text }] });
const subItem = (uid: string, label: string, text: string, nested: unknown[] = []) => ({
  type: 'clSubItem',
  attrs: { uid, label },
  content: [{ type: 'clText', content: [{ type: 'text', text }] }, ...nested],
});
const entry = (uid: string, id: string, heading: string, items: unknown[] = []) => ({
  type: 'clEntry',
  attrs: { uid },
  content: [{ type: 'clIdentifier', content: [{ type: 'text', text: id }] }, { type: 'clHeading', content: [{ type: 'text', text: heading }] }, ...items],
});
const CONTENT = [
  paragraph('Proposal to amend Category 5, Part 2.'),
  entry('j', '5.A.1.j.', 'IP network communications surveillance systems', [
    subItem('j-a', 'a', 'Capture of traffic at carrier scale;', [subItem('j-a-1', '1', 'Including satellite links;')]),
    subItem('j-b', 'b', 'Indexing of extracted metadata.'),
  ]),
  entry('k', '5.A.1.k.', 'Lawful interception equipment for operators'),
  paragraph('Rationale: the order follows the control text.'),
];

/** A fresh draft holding CONTENT, with Ana's and Ben's clients synced to it. */
async function draftWithEntries(content: unknown[] = CONTENT): Promise<{ draftId: string; a: CollabClient; b: CollabClient }> {
  const draftId = await buildDraft(server, coordinator.cookie, 'Moved while typing');
  await addMember(server, coordinator.cookie, draftId, ana.email, 'editor');
  await addMember(server, coordinator.cookie, draftId, ben.email, 'editor');
  const seeder = await connectSynced(server, coordinator.cookie, draftId, { hello: true });
  seeder.doc.transact(() => prosemirrorJSONToYXmlFragment(schema, { type: 'doc', content }, seeder.doc.getXmlFragment('default')));
  await saved(seeder);
  seeder.destroy();
  const a = await connectSynced(server, ana.cookie, draftId, { hello: true });
  const b = await connectSynced(server, ben.cookie, draftId, { hello: true });
  open.push(a, b);
  await waitFor(() => blocksOf(a.doc).length === content.length && blocksOf(b.doc).length === content.length, 5000, 'both clients to have the draft');
  return { draftId, a, b };
}

/** Waits until the server has acknowledged every edit of `c` (it is on disk). */
const saved = (c: CollabClient) => waitFor(() => c.ackedClock() >= c.ownClock(), 10_000, 'the server to acknowledge every edit');

/** Changes the document as the editor does: a ProseMirror transform, written by y-tiptap's diff with the binding's mapping. */
function edit(c: CollabClient, change: (tr: Transform, doc: PmNode) => void): void {
  const fragment = c.doc.getXmlFragment('default');
  const { doc, meta } = initProseMirrorDoc(fragment, schema);
  const tr = new Transform(doc);
  change(tr, doc);
  c.doc.transact(() => updateYFragment(c.doc, fragment, tr.doc, meta));
}

/** Moves top-level block `from` to stand before top-level block `to` (`to` may be the count: the end), as drag-and-drop does. */
function moveBlock(c: CollabClient, from: number, to: number): void {
  edit(c, (tr, doc) => {
    const start = (i: number) => Array.from({ length: i }, (_, k) => doc.child(k).nodeSize).reduce((s, n) => s + n, 0);
    const node = doc.child(from);
    tr.delete(start(from), start(from) + node.nodeSize);
    tr.insert(tr.mapping.map(start(to)), node);
  });
}

/** Every XmlText of a block in reading order. */
function textsOf(parent: Y.XmlElement | Y.XmlFragment): Y.XmlText[] {
  return parent.toArray().flatMap((child) => (child instanceof Y.XmlText ? [child] : child instanceof Y.XmlElement ? textsOf(child) : []));
}

const blocksOf = (doc: Y.Doc) => doc.getXmlFragment('default').toArray().filter((b): b is Y.XmlElement => b instanceof Y.XmlElement);

/** Each top-level block as its texts joined by " | ". */
const outline = (doc: Y.Doc) => blocksOf(doc).map((block) => textsOf(block).map(plainOf).join(' | '));

/** Types `text` into the text of `c` that holds `words`, before them (or after them with `after`). */
function typeBeside(c: CollabClient, words: string, text: string, after = false): void {
  const target = textsOf(c.doc.getXmlFragment('default')).find((t) => plainOf(t).includes(words));
  if (!target) throw new Error(`"${words}" is not in the document`);
  const at = plainOf(target).indexOf(words) + (after ? words.length : 0);
  c.doc.transact(() => target.insert(at, text));
}

/** Types `text` into the first empty sub-item text, as the editor does (the binding gives the block its first text). */
function typeIntoEmptySubItem(c: CollabClient, text: string): void {
  edit(c, (tr, doc) => {
    let at: number | undefined;
    doc.descendants((node, pos) => {
      if (at === undefined && node.type.name === 'clText' && node.content.size === 0) at = pos + 1;
      return at === undefined;
    });
    if (at === undefined) throw new Error('no empty sub-item in the document');
    tr.insert(at, schema.text(text));
  });
}

/** Runs a wait; if it times out, the error shows what each client reads. */
async function showingOnTimeout(clients: CollabClient[], wait: () => Promise<void>): Promise<void> {
  try {
    await wait();
  } catch (err) {
    throw new Error(`${(err as Error).message}; the clients read:\n${clients.map((c) => outline(c.doc).join(' / ')).join('\n')}`, { cause: err });
  }
}

/** Reconnects a client and waits until its edits are on disk and every client and a fresh one read `expected`. */
async function settle(draftId: string, offline: CollabClient, clients: CollabClient[], expected: string[]): Promise<void> {
  offline.provider.connect();
  await saved(offline);
  await showingOnTimeout(clients, () => waitFor(() => clients.every((c) => JSON.stringify(outline(c.doc)) === JSON.stringify(expected)), 10_000, 'every client to read the expected text'));
  const fresh = await connectSynced(server, coordinator.cookie, draftId);
  try {
    expect(outline(fresh.doc)).toEqual(expected);
  } finally {
    fresh.destroy();
  }
}

const K = 'Lawful interception equipment for operators';
const J_ITEMS = ['Capture of traffic at carrier scale;', 'Including satellite links;', 'Indexing of extracted metadata.'];
/** The draft after entry 5.A.1.j. moved below 5.A.1.k., with its heading as given. */
const movedWith = (heading: string, items = J_ITEMS) => [
  'Proposal to amend Category 5, Part 2.',
  `5.A.1.k. | ${K}`,
  ['5.A.1.j.', heading, ...items].join(' | '),
  'Rationale: the order follows the control text.',
];

/** CONTENT with a third, empty sub-item (c) in entry 5.A.1.j., and the entry's texts once it is typed into. */
const WITH_EMPTY_SUB_ITEM = CONTENT.map((block, i) =>
  i === 1
    ? entry('j', '5.A.1.j.', 'IP network communications surveillance systems', [
        subItem('j-a', 'a', 'Capture of traffic at carrier scale;', [subItem('j-a-1', '1', 'Including satellite links;')]),
        subItem('j-b', 'b', 'Indexing of extracted metadata.'),
        { type: 'clSubItem', attrs: { uid: 'j-c', label: 'c' }, content: [{ type: 'clText' }] },
      ])
    : block,
);
const WITH_EMPTY_SUB_ITEM_TYPED = [...J_ITEMS, 'Retention of intercepted content.'];

const PLACES = [
  { where: 'at the start', words: 'IP network', typed: 'Not ', heading: 'Not IP network communications surveillance systems', after: false },
  { where: 'in the middle', words: 'communications', typed: 'not ', heading: 'IP network not communications surveillance systems', after: false },
  { where: 'at the end', words: 'surveillance systems', typed: ' only', heading: 'IP network communications surveillance systems only', after: true },
] as const;

describe('typing inside an entry that a colleague moves at the same time', () => {
  for (const place of PLACES) {
    it(`typing ${place.where} reaches the server first, then the move that had not seen it: the typing is in the moved entry`, async () => {
      const { draftId, a, b } = await draftWithEntries();
      a.provider.disconnect();
      typeBeside(b, place.words, place.typed, place.after);
      await saved(b);
      moveBlock(a, 1, 3);
      await settle(draftId, a, [a, b], movedWith(place.heading));
    });

    it(`the move reaches the server first, then typing ${place.where} that had not seen it: the typing is in the moved entry`, async () => {
      const { draftId, a, b } = await draftWithEntries();
      b.provider.disconnect();
      typeBeside(b, place.words, place.typed, place.after);
      moveBlock(a, 1, 3);
      await saved(a);
      await settle(draftId, b, [a, b], movedWith(place.heading));
    });
  }

  it('typing that arrives after the entry was moved twice lands where the entry is now', async () => {
    const { draftId, a, b } = await draftWithEntries();
    b.provider.disconnect();
    typeBeside(b, 'communications', 'not ');
    moveBlock(a, 1, 3);
    await saved(a);
    moveBlock(a, 2, 0);
    await saved(a);
    const heading = 'IP network not communications surveillance systems';
    await settle(draftId, b, [a, b], [['5.A.1.j.', heading, ...J_ITEMS].join(' | '), 'Proposal to amend Category 5, Part 2.', `5.A.1.k. | ${K}`, 'Rationale: the order follows the control text.']);
  });

  it('typing in a nested sub-item of the moved entry is kept, in both orders', async () => {
    const first = await draftWithEntries();
    first.a.provider.disconnect();
    typeBeside(first.b, 'satellite', 'undersea and ');
    await saved(first.b);
    moveBlock(first.a, 1, 3);
    const items = ['Capture of traffic at carrier scale;', 'Including undersea and satellite links;', 'Indexing of extracted metadata.'];
    await settle(first.draftId, first.a, [first.a, first.b], movedWith('IP network communications surveillance systems', items));

    const second = await draftWithEntries();
    second.b.provider.disconnect();
    typeBeside(second.b, 'satellite', 'undersea and ');
    moveBlock(second.a, 1, 3);
    await saved(second.a);
    await settle(second.draftId, second.b, [second.a, second.b], movedWith('IP network communications surveillance systems', items));
  });

  it('when the move is written by rewriting the entries in place (a binding without its node mapping), typing inside the moved words follows them, in both orders', async () => {
    // Without the mapping y-tiptap turns 5.A.1.j. into 5.A.1.k. and back by text diffs: the
    // entry's words are deleted in one block and written into the other.
    const moveInPlace = (c: CollabClient) =>
      c.doc.transact(() => {
        const fragment = c.doc.getXmlFragment('default');
        const tr = new Transform(yXmlFragmentToProseMirrorRootNode(fragment, schema));
        const doc = tr.doc;
        const j = doc.child(1);
        const start = doc.child(0).nodeSize;
        tr.delete(start, start + j.nodeSize);
        tr.insert(tr.mapping.map(start + j.nodeSize + doc.child(2).nodeSize), j);
        updateYFragment(c.doc, fragment, tr.doc, { mapping: new Map(), isOMark: new Map() });
      });
    const first = await draftWithEntries();
    const elementsBefore = blocksOf(first.a.doc);
    first.a.provider.disconnect();
    typeBeside(first.b, 'communications', 'not ');
    await saved(first.b);
    moveInPlace(first.a);
    // The shape this test is about: the same elements, rewritten.
    expect(blocksOf(first.a.doc)).toEqual(elementsBefore);
    await settle(first.draftId, first.a, [first.a, first.b], movedWith('IP network not communications surveillance systems'));

    const second = await draftWithEntries();
    second.b.provider.disconnect();
    typeBeside(second.b, 'communications', 'not ');
    moveInPlace(second.a);
    await saved(second.a);
    await settle(second.draftId, second.b, [second.a, second.b], movedWith('IP network not communications surveillance systems'));
  });

  it('the rescued typing is attributed to the typist in the redline, and is stored like any edit (read after a restart)', async () => {
    const { draftId, a, b } = await draftWithEntries();
    const before = await api(server, coordinator.cookie, 'POST', `/api/drafts/${draftId}/versions`, { name: 'Before the move' });
    expect(before.status).toBe(201);
    b.provider.disconnect();
    typeBeside(b, 'communications', 'not ');
    moveBlock(a, 1, 3);
    await saved(a);
    await settle(draftId, b, [a, b], movedWith('IP network not communications surveillance systems'));
    const diff = await api(server, coordinator.cookie, 'GET', `/api/drafts/${draftId}/compare?from=${(before.body as { id: string }).id}&to=current`);
    expect(diff.status).toBe(200);
    const inserted = insertedRuns((diff.body as { document: JsonNode }).document);
    expect(inserted).toContainEqual({ text: 'not ', userId: ben.id });
    expect(inserted.filter((run) => run.text.includes('not '))).toEqual([{ text: 'not ', userId: ben.id }]);

    for (const c of [a, b]) c.destroy();
    await restart();
    const reader = await connectSynced(server, coordinator.cookie, draftId);
    try {
      expect(outline(reader.doc)).toEqual(movedWith('IP network not communications surveillance systems'));
    } finally {
      reader.destroy();
    }
  });

  it('typing into an empty sub-item of the moved entry (no neighbouring characters) is kept, in both orders', async () => {
    const first = await draftWithEntries(WITH_EMPTY_SUB_ITEM);
    first.a.provider.disconnect();
    typeIntoEmptySubItem(first.b, 'Retention of intercepted content.');
    await saved(first.b);
    moveBlock(first.a, 1, 3);
    await settle(first.draftId, first.a, [first.a, first.b], movedWith('IP network communications surveillance systems', WITH_EMPTY_SUB_ITEM_TYPED));

    const second = await draftWithEntries(WITH_EMPTY_SUB_ITEM);
    second.b.provider.disconnect();
    typeIntoEmptySubItem(second.b, 'Retention of intercepted content.');
    moveBlock(second.a, 1, 3);
    await saved(second.a);
    await settle(second.draftId, second.b, [second.a, second.b], movedWith('IP network communications surveillance systems', WITH_EMPTY_SUB_ITEM_TYPED));
  });

  it('an entry deleted while a colleague types in it stays deleted, typing and all, in both orders', async () => {
    const deleteJ = (c: CollabClient) => edit(c, (tr, doc) => tr.delete(doc.child(0).nodeSize, doc.child(0).nodeSize + doc.child(1).nodeSize));
    const gone = ['Proposal to amend Category 5, Part 2.', `5.A.1.k. | ${K}`, 'Rationale: the order follows the control text.'];

    const first = await draftWithEntries();
    first.a.provider.disconnect();
    typeBeside(first.b, 'communications', 'not ');
    await saved(first.b);
    deleteJ(first.a);
    await settle(first.draftId, first.a, [first.a, first.b], gone);

    const second = await draftWithEntries();
    second.b.provider.disconnect();
    typeBeside(second.b, 'communications', 'not ');
    deleteJ(second.a);
    await saved(second.a);
    await settle(second.draftId, second.b, [second.a, second.b], gone);
  });

  it('an entry moved and duplicated in one edit (two copies) gets no guess: the typing is not written into either', async () => {
    const { draftId, a, b } = await draftWithEntries();
    b.provider.disconnect();
    typeBeside(b, 'communications', 'not ');
    edit(a, (tr, doc) => {
      const j = doc.child(1);
      const end = doc.content.size - doc.child(3).nodeSize;
      tr.insert(end, [j, j.type.create(j.attrs, j.content)]);
      tr.delete(doc.child(0).nodeSize, doc.child(0).nodeSize + j.nodeSize);
    });
    await saved(a);
    const copy = ['5.A.1.j.', 'IP network communications surveillance systems', ...J_ITEMS].join(' | ');
    await settle(draftId, b, [a, b], ['Proposal to amend Category 5, Part 2.', `5.A.1.k. | ${K}`, copy, copy, 'Rationale: the order follows the control text.']);
    expect(server.logs()).toContain('the block has no single copy');
  });
});

describe('property: concurrent moves and typing', () => {
  it('every typed word survives exactly once, inside the block that was moved (fixed seed)', async () => {
    const content = [
      paragraph('Proposal to amend Category 5.'),
      entry('e1', '5.A.1.i.', 'Systems for interception of mobile networks', [subItem('e1-a', 'a', 'Active interception;')]),
      entry('e2', '5.A.1.j.', 'IP network communications surveillance systems', [subItem('e2-a', 'a', 'Carrier scale capture;', [subItem('e2-a-1', '1', 'Satellite links;')])]),
      paragraph('Note: this concerns monitoring centres.'),
      entry('e3', '5.A.1.k.', 'Lawful interception equipment'),
    ];
    /** A block's texts without the typed word: what identifies the moved block wherever it is. */
    const signature = (block: Y.XmlElement, word: string) => textsOf(block).map((t) => plainOf(t).replace(word, '')).join(' | ');
    let round = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          // Block `from` goes before block `to` (5: the end); not before itself or its neighbour below, which is no move.
          move: fc.integer({ min: 0, max: 4 }).chain((from) => fc.record({ from: fc.constant(from), to: fc.constantFrom(...[0, 1, 2, 3, 4, 5].filter((to) => to !== from && to !== from + 1)) })),
          text: fc.nat(),
          offset: fc.double({ min: 0, max: 1, noNaN: true }),
          typingFirst: fc.boolean(),
        }),
        async ({ move: { from, to }, text, offset, typingFirst }) => {
          const word = `zq${round++}x`;
          const { draftId, a, b } = await draftWithEntries(content);
          const moved = blocksOf(b.doc)[from] as Y.XmlElement;
          const movedSignature = signature(moved, word);
          const texts = textsOf(moved);
          const target = texts[text % texts.length] as Y.XmlText;
          const at = Math.round(offset * target.length);
          const typeWord = () => b.doc.transact(() => target.insert(at, word));
          if (typingFirst) {
            a.provider.disconnect();
            typeWord();
            await saved(b);
            moveBlock(a, from, to);
            a.provider.connect();
            await saved(a);
          } else {
            b.provider.disconnect();
            typeWord();
            moveBlock(a, from, to);
            await saved(a);
            b.provider.connect();
            await saved(b);
          }
          await showingOnTimeout([a, b], () =>
            waitFor(() => JSON.stringify(outline(a.doc)) === JSON.stringify(outline(b.doc)) && outline(a.doc).join('').includes(word), 10_000, `"${word}" on both clients`),
          );
          const fresh = await connectSynced(server, coordinator.cookie, draftId);
          try {
            for (const doc of [a.doc, b.doc, fresh.doc]) {
              const all = outline(doc).join('\n');
              expect(all.split(word).length - 1, all).toBe(1);
              const blocks = blocksOf(doc);
              const holder = blocks.findIndex((block) => textsOf(block).some((t) => plainOf(t).includes(word)));
              expect(signature(blocks[holder] as Y.XmlElement, word)).toBe(movedSignature);
              expect(holder, 'the moved block holds the word, where it was moved to').toBe(to > from ? to - 1 : to);
            }
          } finally {
            fresh.destroy();
            a.destroy();
            b.destroy();
          }
        },
      ),
      { seed: 20261129, numRuns: 20 },
    );
  });
});

describe('the rescue is stored with the edit that calls for it', () => {
  // With a compaction queued behind every second update, a rescue written on its own landed behind
  // that compaction: committed a commit later than the update whose sender it told "saved".
  beforeAll(async () => {
    await restart({ COMPACT_AFTER_UPDATES: '2' });
  });

  /** Rows in the draft's update log since its last compaction (all committed once every client is saved). */
  function rowsSinceCompaction(draftId: string): number {
    const db = new Database(path.join(server.dataDir, 'plenary.sqlite'), { readonly: true, fileMustExist: true });
    try {
      return (db.prepare('SELECT COUNT(*) AS n FROM doc_updates WHERE draft_id = ?').get(draftId) as { n: number }).n;
    } finally {
      db.close();
    }
  }

  /**
   * Leaves the draft's log one row past a compaction, so that the next update queues a compaction
   * right behind itself. `c` stores edits that change no text (a character typed and erased) until it is.
   */
  async function oneRowPastCompaction(draftId: string, c: CollabClient): Promise<void> {
    await waitFor(() => rowsSinceCompaction(draftId) <= 1, 5000, 'the compaction to finish');
    while (rowsSinceCompaction(draftId) !== 1) {
      const first = textsOf(c.doc.getXmlFragment('default'))[0] as Y.XmlText;
      c.doc.transact(() => {
        first.insert(0, 'x');
        first.delete(0, 1);
      });
      await saved(c);
      await waitFor(() => rowsSinceCompaction(draftId) <= 1, 5000, 'the compaction to finish');
    }
  }

  /** Kills the server the moment `c` is told its edits are saved (polling every millisecond). */
  async function killWhenSaved(c: CollabClient): Promise<void> {
    await waitFor(() => c.ackedClock() >= c.ownClock(), 10_000, 'the server to acknowledge every edit', 1);
    await server.kill();
  }

  /** After the kill: the clients are gone (they must not hand back what they were sent), the server restarts, a fresh reader reads the draft. */
  async function afterRestart(draftId: string, clients: CollabClient[]): Promise<string[]> {
    for (const c of clients) c.provider.disconnect();
    await restart({ COMPACT_AFTER_UPDATES: '2' });
    const reader = await connectSynced(server, coordinator.cookie, draftId);
    try {
      return outline(reader.doc);
    } finally {
      reader.destroy();
    }
  }

  it('the move first: once the typist is told "saved", a hard kill of the server keeps the typing in the moved entry', async () => {
    const { draftId, a, b } = await draftWithEntries();
    b.provider.disconnect();
    typeBeside(b, 'communications', 'not ');
    moveBlock(a, 1, 3);
    await saved(a);
    await oneRowPastCompaction(draftId, a);
    b.provider.connect();
    await killWhenSaved(b);
    expect(await afterRestart(draftId, [a, b])).toEqual(movedWith('IP network not communications surveillance systems'));
  });

  it('the typing first: once the mover is told "saved", a hard kill of the server keeps the typing in the moved entry', async () => {
    const { draftId, a, b } = await draftWithEntries();
    a.provider.disconnect();
    typeBeside(b, 'communications', 'not ');
    await saved(b);
    await oneRowPastCompaction(draftId, b);
    moveBlock(a, 1, 3);
    a.provider.connect();
    await killWhenSaved(a);
    expect(await afterRestart(draftId, [a, b])).toEqual(movedWith('IP network not communications surveillance systems'));
  });
});

describe('typing that reaches the draft after it was loaded again since the move (the move is no longer remembered)', () => {
  const ENV = { DOC_IDLE_UNLOAD_MS: '200', LOG_LEVEL: 'debug' };
  beforeAll(async () => {
    await restart(ENV);
  });

  it('everyone left and the draft was unloaded: typing in the entry\'s heading arrives in the moved entry', async () => {
    const { draftId, a, b } = await draftWithEntries();
    b.provider.disconnect();
    typeBeside(b, 'communications', 'not ');
    moveBlock(a, 1, 3);
    await saved(a);
    a.provider.disconnect();
    await waitFor(() => server.logEntries().some((e) => e.msg === 'draft unloaded' && e.draftId === draftId), 10_000, 'the draft to be unloaded');
    await settle(draftId, b, [b], movedWith('IP network not communications surveillance systems'));
  });

  it('the server restarted: typing in a nested sub-item of the moved entry arrives in that sub-item', async () => {
    const { draftId, a, b } = await draftWithEntries();
    b.provider.disconnect();
    typeBeside(b, 'satellite', 'undersea and ');
    moveBlock(a, 1, 3);
    await saved(a);
    a.provider.disconnect();
    await restart(ENV);
    const items = ['Capture of traffic at carrier scale;', 'Including undersea and satellite links;', 'Indexing of extracted metadata.'];
    await settle(draftId, b, [b], movedWith('IP network communications surveillance systems', items));
  });

  it('the server restarted: typing into an empty sub-item of the moved entry arrives in that sub-item', async () => {
    const { draftId, a, b } = await draftWithEntries(WITH_EMPTY_SUB_ITEM);
    b.provider.disconnect();
    typeIntoEmptySubItem(b, 'Retention of intercepted content.');
    moveBlock(a, 1, 3);
    await saved(a);
    a.provider.disconnect();
    await restart(ENV);
    await settle(draftId, b, [b], movedWith('IP network communications surveillance systems', WITH_EMPTY_SUB_ITEM_TYPED));
  });

  it('words deleted from the heading before the move do not mislead: the typing lands where it was typed', async () => {
    const { draftId, a, b } = await draftWithEntries();
    const heading = textsOf(a.doc.getXmlFragment('default')).find((t) => plainOf(t).startsWith('IP network')) as Y.XmlText;
    a.doc.transact(() => heading.delete('IP '.length, 'network '.length));
    await saved(a);
    await waitFor(() => outline(b.doc).join('').includes('IP communications'), 5000, 'the deletion to reach the typist');
    b.provider.disconnect();
    typeBeside(b, 'communications', 'not ');
    typeBeside(b, 'systems', ' only', true);
    moveBlock(a, 1, 3);
    await saved(a);
    a.provider.disconnect();
    await restart(ENV);
    await settle(draftId, b, [b], movedWith('IP not communications surveillance systems only'));
  });
});

/** Stops the server (gracefully) and starts it again on the same data and port, with `env`. */
async function restart(env: Record<string, string> = {}): Promise<void> {
  const first = server;
  if (first.running()) await first.stop();
  stopped.push(first);
  server = await startServer({ dataDir: first.dataDir, port: first.port, env });
}

interface JsonNode {
  type: string;
  text?: string;
  marks?: Array<{ type: string; attrs?: Record<string, unknown> }>;
  content?: JsonNode[];
}

/** The runs a redline marks as inserted, with their authors. */
function insertedRuns(doc: JsonNode): Array<{ text: string; userId: unknown }> {
  const out: Array<{ text: string; userId: unknown }> = [];
  const walk = (n: JsonNode) => {
    const mark = n.marks?.find((m) => m.type === 'redlineInsert');
    if (n.type === 'text' && mark) out.push({ text: n.text ?? '', userId: mark.attrs?.userId });
    for (const child of n.content ?? []) walk(child);
  };
  walk(doc);
  return out;
}
