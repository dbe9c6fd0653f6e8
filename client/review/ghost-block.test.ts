/**
 * The structural keys inside a suggested new block (a ghost), on the real document schema: each
 * works on the ghost's own lines, and whatever would reach the accepted text around it is refused
 * with a reason, the ghost unchanged. (Tab, Shift-Tab, Backspace on an empty sub-item and Delete at
 * the end are also driven through the browser in tests/e2e/ghost-block-keys.test.ts; the joins
 * below need the ghost's caret at a line's end with another line after, which typing alone does
 * not reach.)
 */
import { Fragment, type Node as PmNode } from '@tiptap/pm/model';
import { describe, expect, it } from 'vitest';
import { documentSchema } from '../../shared/schema/extensions.ts';
import { CL } from '../../shared/schema/control-list/index.ts';
import { backspaceInGhost, deleteInGhost, nestInGhost, unnestInGhost, type GhostEdit, type GhostRefusal } from './ghost-block.ts';

const schema = documentSchema();
const node = (name: string, content?: PmNode | PmNode[] | string) =>
  schema.node(name, null, typeof content === 'string' ? (content ? schema.text(content) : undefined) : content);
const subItem = (text: string, ...children: PmNode[]) => node(CL.subItem, [node(CL.text, text), ...children]);
const entry = (id: string, heading: string, ...items: PmNode[]) => node(CL.entry, [node(CL.identifier, id), node(CL.heading, heading), ...items]);

/** An accepted entry with one sub-item; ghosts go after it, at the top level. */
const accepted = schema.node('doc', null, [entry('4.D.4.', 'Intrusion software:', subItem('for exploits.'))]);
const at = accepted.content.size;

/** Offsets into a ghost's content just after the text `marker` (the caret there). */
function after(content: Fragment, marker: string): number {
  let found: number | undefined;
  content.descendants((n, pos) => {
    const i = n.isText ? (n.text ?? '').indexOf(marker) : -1;
    if (i >= 0 && found === undefined) found = pos + i + marker.length;
  });
  if (found === undefined) throw new Error(`no ${marker} in the ghost`);
  return found;
}

function ghostAt(content: PmNode, marker: string): GhostEdit {
  const fragment = Fragment.from(content);
  const caret = after(fragment, marker);
  return { content: fragment, from: caret, to: caret };
}

/** The ghost's lines with their sub-item depth, e.g. "2 of mobile networks;". */
function lines(result: GhostEdit | GhostRefusal): string[] {
  if ('refused' in result) throw new Error(`refused: ${result.refused}`);
  const out: string[] = [];
  const walk = (n: PmNode, depth: number) => {
    if (n.isTextblock) out.push(`${depth} ${n.textContent}`);
    else n.forEach((child) => walk(child, depth + (n.type.name === CL.subItem ? 1 : 0)));
  };
  result.content.forEach((n) => walk(n, 0));
  return out;
}

const refusal = (result: GhostEdit | GhostRefusal) => ('refused' in result ? result.refused : 'done');

describe('keys inside a ghost block', () => {
  const ghost = entry('4.D.5.', 'Software for monitoring:', subItem('of mobile networks;'), subItem('of satellite links.'));

  it('Delete at the end of a line joins the next line of the ghost to it, the caret staying', () => {
    const result = deleteInGhost(accepted, at, ghostAt(ghost, 'networks;'));
    expect(lines(result)).toEqual(['0 4.D.5.', '0 Software for monitoring:', '1 of mobile networks;of satellite links.']);
    expect('refused' in result ? -1 : result.from).toBe(after(Fragment.from(ghost), 'networks;'));
  });

  it('Backspace at the start of a line that is not empty joins it to the line before', () => {
    const g = ghostAt(ghost, 'networks;');
    const start = g.from + 4; // out of the text line and its sub-item, into the next sub-item and its text line
    const result = backspaceInGhost(accepted, at, { ...g, from: start, to: start });
    expect(lines(result)).toEqual(['0 4.D.5.', '0 Software for monitoring:', '1 of mobile networks;of satellite links.']);
  });

  it('Delete and Backspace refuse to join an identifier, and Delete at the very end says it stops there', () => {
    expect(refusal(deleteInGhost(accepted, at, ghostAt(ghost, '4.D.5.')))).toMatch(/cannot be joined/);
    expect(refusal(deleteInGhost(accepted, at, ghostAt(ghost, 'links.')))).toMatch(/^Delete stops at the end of your suggested block/);
  });

  it('Tab and Shift-Tab nest and un-nest, keeping reading order', () => {
    const nested = nestInGhost(accepted, at, ghostAt(ghost, 'links.'));
    expect(lines(nested)).toEqual(['0 4.D.5.', '0 Software for monitoring:', '1 of mobile networks;', '2 of satellite links.']);
    if ('refused' in nested) return;
    expect(lines(unnestInGhost(accepted, at, nested))).toEqual(['0 4.D.5.', '0 Software for monitoring:', '1 of mobile networks;', '1 of satellite links.']);
  });

  it('never nests a ghost sub-item under an accepted one, nor moves one out of accepted text', () => {
    // A ghost sub-item suggested inside the accepted entry, after its accepted sub-item.
    const inEntry = accepted.child(0).nodeSize - 1;
    const lone = ghostAt(subItem('by remote access.'), 'access.');
    expect(refusal(nestInGhost(accepted, inEntry, lone))).toMatch(/under accepted text/);
    const acceptedNested = schema.node('doc', null, [entry('4.D.4.', 'Intrusion software:', subItem('for exploits.', subItem('remotely.')))]);
    const insideNested = acceptedNested.resolve(acceptedNested.content.size - 3).pos; // inside the accepted nested list, after "remotely."
    expect(refusal(unnestInGhost(acceptedNested, insideNested, lone))).toMatch(/out of accepted text/);
  });

  it('Backspace at the start of the ghost, or of an empty first line, stops there', () => {
    const empty = ghostAt(subItem('x'), 'x');
    const inEntry = accepted.child(0).nodeSize - 1;
    const start = { ...empty, from: empty.from - 1, to: empty.from - 1 };
    expect(refusal(backspaceInGhost(accepted, inEntry, start))).toMatch(/^Backspace stops at the start of your suggested block/);
  });
});
