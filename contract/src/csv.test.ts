import { describe, expect, it } from 'vitest';
import { csvCell, csvDocument } from './csv';

describe('csvCell', () => {
  it.each([
    ["=cmd|' /C calc'!A0", `'=cmd|' /C calc'!A0`],
    ['+1+1', "'+1+1"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\t=1', "'\t=1"],
    ['\r=1', `"'\r=1"`],
    ['=HYPERLINK("http://x","y")', `"'=HYPERLINK(""http://x"",""y"")"`],
  ])('neutralises the formula %j', (input, expected) => {
    expect(csvCell(input)).toBe(expected);
  });

  it('leaves plain text, numbers and negative numbers as they are', () => {
    expect(csvCell('support-bot')).toBe('support-bot');
    expect(csvCell(-1.5)).toBe('-1.5');
    expect(csvCell(12n)).toBe('12');
    expect(csvCell(null)).toBe('');
    expect(csvCell('a,b')).toBe('"a,b"');
  });

  it('writes a document with CRLF line ends', () => {
    expect(csvDocument(['team', 'cost'], [['=evil', 1]])).toBe("team,cost\r\n'=evil,1\r\n");
  });
});
