import { describe, expect, it } from 'vitest';
import type { PmNodeJSON } from '../../shared/api/versions.ts';
import { REDLINE_DELETE_MARK, REDLINE_FORMAT_MARK, REDLINE_INSERT_MARK } from '../../shared/schema/redline.ts';
import { wholeWordChanges } from './whole-word-changes.ts';

const mark = (type: string, changeId: string) => ({ type, attrs: { changeId, userId: 'u', name: 'Ed', organisation: '', color: '#000', at: '' } });
const same = (text: string, marks: PmNodeJSON['marks'] = []): PmNodeJSON => ({ type: 'text', text, ...(marks.length ? { marks } : {}) });
const ins = (text: string, id = 'c1'): PmNodeJSON => ({ type: 'text', text, marks: [mark(REDLINE_INSERT_MARK, id)] });
const del = (text: string, id = 'c2'): PmNodeJSON => ({ type: 'text', text, marks: [mark(REDLINE_DELETE_MARK, id)] });

/** The redline as a reader sees it: [-struck-] and {+underlined+}. */
function read(nodes: PmNodeJSON[]): string {
  return nodes
    .map((n) => {
      const types = (n.marks ?? []).map((m) => m.type);
      if (types.includes(REDLINE_DELETE_MARK)) return `[-${n.text}-]`;
      if (types.includes(REDLINE_INSERT_MARK)) return `{+${n.text}+}`;
      return n.type === 'text' ? n.text : `<${n.type}>`;
    })
    .join('');
}

describe('wholeWordChanges', () => {
  it('widens a change that splits words to the whole words, old struck then new underlined', () => {
    // Typing "Computer software" over "Software" kept the history's "s" of "specially".
    const walked = [same('"'), del('Software" '), ins('Computer '), same('s'), ins('oftware" s'), same('pecially designed')];
    expect(read(wholeWordChanges(walked))).toBe('"[-Software-]{+Computer software+}" specially designed');
  });

  it('reads the pieces of one word typed at different moments as one change of their author', () => {
    const walked = [same('"'), del('Software" ', 'c1'), ins('Computer ', 'c2'), same('s'), ins('oftware" s', 'c3'), same('pecially')];
    const inserted = wholeWordChanges(walked).filter((n) => n.marks?.some((m) => m.type === REDLINE_INSERT_MARK));
    expect(inserted.map((n) => [n.text, n.marks?.[0]?.attrs?.changeId])).toEqual([['Computer software', 'c2']]);
  });

  it('gives back text that reads the same on both sides (a word restored from other pieces of history)', () => {
    const walked = [same('"'), del('Software" '), del('s'), ins('S'), ins('oftware" s'), same('pecially designed')];
    expect(wholeWordChanges(walked)).toEqual([same('"Software" specially designed')]);
  });

  it('keeps the words a rewritten stretch still shares with the old text unchanged', () => {
    // Restores rebuilt the sentence from other pieces of history; only "seven" and "TA5 BETA6" are new.
    const walked = [del('Prepared by: a coalition, for'), ins('seven Prepared by: a coalition, for TA5 BETA6', 'c1'), same(' testing.')];
    expect(read(wholeWordChanges(walked))).toBe('{+seven +}Prepared by: a coalition, for{+ TA5 BETA6+} testing.');
  });

  it('shows any ↔ all as one word replaced, not letters', () => {
    expect(read(wholeWordChanges([same('having a'), del('ny'), ins('ll'), same(' of the following')]))).toBe('having [-any-]{+all+} of the following');
  });

  it('leaves changes that already fall between words, identifiers and formatting changes as they are', () => {
    const walked = [same('4.A.'), del('5'), ins('6'), same('. Systems '), ins('and software '), same('for '), { type: 'text', text: 'it', marks: [mark(REDLINE_FORMAT_MARK, 'c3')] }];
    expect(wholeWordChanges(walked)).toEqual(walked);
  });

  it('keeps the two readings exact and does not cross inline nodes such as line breaks', () => {
    const walked = [same('ab'), ins('X'), { type: 'hardBreak' }, same('cd'), del('e'), same('f')];
    const result = wholeWordChanges(walked);
    expect(read(result)).toBe('[-ab-]{+abX+}<hardBreak>[-cdef-]{+cdf+}');
    const side = (skip: string) => result.filter((n) => !(n.marks ?? []).some((m) => m.type === skip)).map((n) => n.text ?? '\n').join('');
    expect(side(REDLINE_INSERT_MARK)).toBe('ab\ncdef');
    expect(side(REDLINE_DELETE_MARK)).toBe('abX\ncdf');
  });

  it('keeps the marks of the text a change is widened into', () => {
    const bold = [{ type: 'bold' }];
    const result = wholeWordChanges([same('narrow', bold), ins('er', 'c1')]);
    expect(result.map((n) => [n.text, (n.marks ?? []).map((m) => m.type)])).toEqual([
      ['narrow', ['bold', REDLINE_DELETE_MARK]],
      ['narrow', ['bold', REDLINE_INSERT_MARK]],
      ['er', [REDLINE_INSERT_MARK]],
    ]);
  });
});
