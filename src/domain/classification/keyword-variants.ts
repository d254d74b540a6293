/**
 * The regulatory opt-out keywords and the ways people type them, for the "exact keywords opt out 100%"
 * check of `npm run eval:classifier` and its unit test. CTIA: STOP, STOPALL, UNSUBSCRIBE, CANCEL, END,
 * QUIT. FCC (2024 TCPA revocation rule, words it names as revoking): stop, quit, end, revoke, opt out,
 * cancel, unsubscribe.
 * DESIGN rule 2 adds OPTOUT and OPT-OUT.
 */
export const REGULATORY_OPT_OUT_KEYWORDS: readonly string[] = ['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'REVOKE', 'OPT OUT', 'OPTOUT', 'OPT-OUT'];

const toFullwidth = (text: string): string => text.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
const alternateCase = (text: string): string => [...text].map((c, i) => (i % 2 === 0 ? c.toLowerCase() : c.toUpperCase())).join('');
const titleCase = (text: string): string => text.toLowerCase().replace(/(^|[\s-])(\p{L})/gu, (_, a: string, b: string) => a + b.toUpperCase());

const WRAPPERS: ReadonlyArray<readonly [string, string]> = [
  ['', ''], ['', '!'], ['', '.'], ['', '!!!'], ['', '?'], ['', '?!'], ['¡', '!'], ['(', ')'], ['"', '"'], ['*', '*'], ['', ' :)'],
  ['  ', '  '], ['\t', '\r\n'], ['', '\n'], ['\u00A0', ''], ['\uFEFF', ''], ['', '\u200B'], ['...', '...'], ['', '…'], ['«', '»'],
];

/** Every spelling of one keyword that must opt out by tier 1: any case, surrounding punctuation or spacing, width, invisible characters. */
export function keywordVariants(keyword: string): string[] {
  const cased = [keyword.toUpperCase(), keyword.toLowerCase(), titleCase(keyword), alternateCase(keyword), toFullwidth(keyword)];
  const forms = new Set<string>();
  for (const form of cased) {
    for (const [before, after] of WRAPPERS) forms.add(`${before}${form}${after}`);
  }
  // Inner spacing of the two-word keyword, and an invisible character inside a word.
  if (keyword.includes(' ')) for (const gap of ['  ', '\t', '\n', '\u00A0']) forms.add(keyword.replace(' ', gap));
  forms.add(`${keyword.slice(0, 1)}\u200B${keyword.slice(1)}`);
  forms.add(`${keyword.slice(0, 2).toLowerCase()}\u00AD${keyword.slice(2).toLowerCase()}`);
  return [...forms];
}
