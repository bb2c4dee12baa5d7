/**
 * Text from pupils and the network (URLs, hosts, notes) made readable and impossible to spoof with:
 * control characters, bidi overrides and other invisible format characters become visible escapes
 * (`\u202E`), a backslash is doubled so an escape cannot be typed in, and a very long value is cut
 * with its full length stated. HTML escaping stays with the template engine (it escapes by default);
 * this never makes a link, only text.
 */
export interface DisplayText {
  /** What to show: escaped, and cut with "… (N characters in all)" when longer than the limit. */
  text: string;
  truncated: boolean;
  /** The value's length in characters (code points). */
  length: number;
}

/** Controls, format characters (bidi, zero-width, BOM, tags), line and paragraph separators, lone surrogates. */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}\\]/gu;

const visibleEscape = (character: string): string => {
  if (character === '\\') return '\\\\';
  const point = character.codePointAt(0) ?? 0;
  const hex = point.toString(16).toUpperCase();
  return point > 0xffff ? `\\u{${hex}}` : `\\u${hex.padStart(4, '0')}`;
};

export function displayText(value: string, maxCharacters = Number.POSITIVE_INFINITY): DisplayText {
  const characters = Array.from(value);
  const truncated = characters.length > maxCharacters;
  const kept = truncated ? characters.slice(0, maxCharacters).join('') : value;
  const text = kept.replace(INVISIBLE, visibleEscape);
  return {
    text: truncated ? `${text}… (${characters.length.toLocaleString('en-GB')} characters in all)` : text,
    truncated,
    length: characters.length,
  };
}
