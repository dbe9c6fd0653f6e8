import { Extension, Mark, getSchema, type AnyExtension } from '@tiptap/core';
import type { Schema } from '@tiptap/pm/model';
import { paletteIndex } from '../palette.ts';
import { documentExtensions } from './extensions.ts';
import { REDLINE_DELETE_MARK, REDLINE_FORMAT_MARK, REDLINE_INSERT_MARK } from './redline.ts';

/**
 * The redline marks of shared/schema/redline.ts as Tiptap extensions. They are NOT part of the live
 * document's schema (so nobody can type a "deletion" into a draft): only the compare view and the
 * exports build their schema with them. Rendered with a colour class of the author, underline or
 * strike-through (colour is never the only cue), and a title saying who and when.
 */
const AUTHOR_ATTRS = ['userId', 'name', 'organisation', 'color', 'at', 'changeId'] as const;

function dataAttr(key: string): string {
  return `data-${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

function authorAttributes() {
  const attrs: Record<string, { default: string; rendered: false; parseHTML: (el: HTMLElement) => string }> = {};
  for (const key of AUTHOR_ATTRS) attrs[key] = { default: '', rendered: false, parseHTML: (el) => el.getAttribute(dataAttr(key)) ?? '' };
  return attrs;
}

/** The collaborator colour class for a colour (styles in the client's editor.css). */
export function redlineColorClass(color: unknown): string {
  const i = typeof color === 'string' ? paletteIndex(color) : -1;
  return i >= 0 ? `collab-color-${i}` : 'collab-color-unknown';
}

/** "Ana Policy (Access Now), 3 May 2025, 14:02": who and when, for titles and exports. */
export function describeAuthor(attrs: Record<string, unknown>): string {
  const name = typeof attrs.name === 'string' && attrs.name ? attrs.name : 'Unknown member';
  const org = typeof attrs.organisation === 'string' && attrs.organisation ? ` (${attrs.organisation})` : '';
  const at = typeof attrs.at === 'string' && attrs.at ? new Date(attrs.at) : undefined;
  const when = at && !Number.isNaN(at.getTime()) ? `, ${at.toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' })}` : '';
  return `${name}${org}${when}`;
}

function renderedAttrs(kind: string, attrs: Record<string, unknown>, title: string): Record<string, string> {
  const out: Record<string, string> = {
    class: `redline redline--${kind} ${redlineColorClass(attrs.color)}`,
    title,
  };
  for (const key of AUTHOR_ATTRS) {
    const v = attrs[key];
    if (typeof v === 'string' && v) out[dataAttr(key)] = v;
  }
  return out;
}

const RedlineInsert = Mark.create({
  name: REDLINE_INSERT_MARK,
  excludes: '',
  inclusive: false,
  addAttributes: authorAttributes,
  parseHTML: () => [{ tag: 'ins[data-change-id]' }],
  renderHTML: ({ mark }) => ['ins', renderedAttrs('insert', mark.attrs, `Inserted by ${describeAuthor(mark.attrs)}`), 0],
});

const RedlineDelete = Mark.create({
  name: REDLINE_DELETE_MARK,
  excludes: '',
  inclusive: false,
  addAttributes: authorAttributes,
  parseHTML: () => [{ tag: 'del[data-change-id]' }],
  renderHTML: ({ mark }) => ['del', renderedAttrs('delete', mark.attrs, `Deleted by ${describeAuthor(mark.attrs)}`), 0],
});

const listAttr = (name: string) => ({
  default: [] as string[],
  rendered: false,
  parseHTML: (el: HTMLElement) => (el.getAttribute(dataAttr(name)) ?? '').split(',').filter(Boolean),
});

const RedlineFormat = Mark.create({
  name: REDLINE_FORMAT_MARK,
  excludes: '',
  inclusive: false,
  addAttributes: () => ({ ...authorAttributes(), added: listAttr('added'), removed: listAttr('removed') }),
  parseHTML: () => [{ tag: 'span[data-change-id].redline--format' }],
  renderHTML: ({ mark }) => {
    const attrs = mark.attrs as Record<string, unknown>;
    const list = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
    const added = list(attrs.added);
    const removed = list(attrs.removed);
    const what = [...added.map((m) => `${m} added`), ...removed.map((m) => `${m} removed`)].join(', ');
    const out = renderedAttrs('format', attrs, `Formatting changed (${what}) by ${describeAuthor(attrs)}`);
    if (added.length) out['data-added'] = added.join(',');
    if (removed.length) out['data-removed'] = removed.join(',');
    return ['span', out, 0];
  },
});

/** Block node types that can carry `blockChange` (inserted or deleted as a whole). */
export const REDLINE_BLOCK_TYPES = ['paragraph', 'heading', 'blockquote', 'bulletList', 'orderedList', 'listItem'] as const;

const BlockChangeAttribute = Extension.create({
  name: 'redlineBlockChange',
  addGlobalAttributes: () => [
    {
      types: [...REDLINE_BLOCK_TYPES],
      attributes: {
        blockChange: {
          default: null,
          parseHTML: (el: HTMLElement) => el.getAttribute('data-block-change'),
          renderHTML: (attrs: Record<string, unknown>) =>
            attrs.blockChange === 'inserted' || attrs.blockChange === 'deleted'
              ? { 'data-block-change': attrs.blockChange, class: `redline-block redline-block--${attrs.blockChange}` }
              : {},
        },
      },
    },
  ],
});

/** The three redline marks and the `blockChange` block attribute, to add to documentExtensions(). */
export function redlineExtensions(): AnyExtension[] {
  return [RedlineInsert, RedlineDelete, RedlineFormat, BlockChangeAttribute];
}

let cached: Schema | undefined;

/** The document schema plus the redline marks: what a comparison's document is valid against. */
export function redlineSchema(): Schema {
  cached ??= getSchema([...documentExtensions(), ...redlineExtensions()]);
  return cached;
}
