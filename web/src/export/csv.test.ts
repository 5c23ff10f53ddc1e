import { describe, expect, test } from 'vitest';
import { toCsv } from './csv.ts';

describe('toCsv', () => {
  test.each([
    ['a plain cell', 'reports', 'reports'],
    ['a comma', 'a,b', '"a,b"'],
    ['a quote', 'say "hi"', '"say ""hi"""'],
    ['a line break', 'two\nlines', '"two\nlines"'],
    ['a number', 12.5, '12.5'],
    ['an empty value', null, ''],
    ['a formula a customer typed', '=HYPERLINK("x")', `"'=HYPERLINK(""x"")"`],
    ['a leading minus in text', '-12 and angry', "'-12 and angry"],
  ])('quotes %s', (_what, cell, expected) => {
    expect(toCsv(['h'], [[cell]])).toBe(`h\r\n${expected}\r\n`);
  });

  test('a negative number stays a number (only text is defused)', () => {
    expect(toCsv(['n'], [[-3]])).toBe('n\r\n-3\r\n');
  });
});
