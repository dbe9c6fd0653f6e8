import { describe, expect, it } from 'vitest';
import { checkLabelPath, compareLabels, kindAtDepth, labelForIndex, labelPosition } from './labels.ts';

describe('labelForIndex', () => {
  it('uses letters at odd depths and numbers at even depths', () => {
    expect(labelForIndex(1, 0)).toEqual({ label: 'a', beyondZ: false });
    expect(labelForIndex(2, 0)).toEqual({ label: '1', beyondZ: false });
    expect(labelForIndex(3, 9)).toEqual({ label: 'j', beyondZ: false });
    expect(labelForIndex(4, 11).label).toBe('12');
  });

  it('continues past z with aa, ab … and flags it', () => {
    expect(labelForIndex(1, 25)).toEqual({ label: 'z', beyondZ: false });
    expect(labelForIndex(1, 26)).toEqual({ label: 'aa', beyondZ: true });
    expect(labelForIndex(1, 27).label).toBe('ab');
  });

  it('rejects impossible depths and indices with a RangeError', () => {
    expect(() => labelForIndex(0, 0)).toThrow(RangeError);
    expect(() => labelForIndex(1, -1)).toThrow(RangeError);
    expect(() => kindAtDepth(1.5)).toThrow(RangeError);
  });
});

describe('labelPosition', () => {
  it('round-trips with labelForIndex', () => {
    for (let i = 0; i < 60; i++) {
      expect(labelPosition(labelForIndex(1, i).label)).toEqual({ kind: 'letter', index: i });
      expect(labelPosition(labelForIndex(2, i).label)).toEqual({ kind: 'number', index: i });
    }
  });

  it('refuses things that are not labels', () => {
    for (const bad of ['', 'A', '0', '1a', 'a1', '.']) expect(labelPosition(bad)).toBeNull();
  });
});

describe('checkLabelPath', () => {
  it('accepts alternating paths', () => {
    expect(checkLabelPath(['j', '2', 'b'])).toBeNull();
    expect(checkLabelPath(['2', 'b'], 2)).toBeNull();
    expect(checkLabelPath([])).toBeNull();
  });

  it('reports the first label of the wrong kind for its depth', () => {
    expect(checkLabelPath(['j', 'b'])).toEqual({ index: 1, label: 'b', expected: 'number' });
    expect(checkLabelPath(['2'])).toEqual({ index: 0, label: '2', expected: 'letter' });
    expect(checkLabelPath(['a', '1', '2'])).toEqual({ index: 2, label: '2', expected: 'letter' });
    expect(checkLabelPath(['a', 'X'])).toEqual({ index: 1, label: 'X', expected: 'label' });
  });
});

describe('compareLabels', () => {
  it('orders by position, not alphabetically', () => {
    expect(compareLabels('2', '10')).toBeLessThan(0);
    expect(compareLabels('z', 'aa')).toBeLessThan(0);
    expect(compareLabels('b', 'b')).toBe(0);
  });
});
