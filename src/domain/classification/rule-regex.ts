/**
 * Tiny helpers for writing rule tables as regexes over clause word-forms
 * (upper-case words separated by single spaces, see prepare-match-text.ts).
 */

/** A non-capturing alternation; longer alternatives first so "NO MORE" is tried before "NO". */
export function alt(items: readonly string[]): string {
  const unique = [...new Set(items)];
  unique.sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
  return `(?:${unique.join('|')})`;
}

/** "^(?:F )*X(?: F)*$": X alone in a clause, give or take courtesy words F. */
export function alone(x: string, filler: string): string {
  return `^(?:${filler} )*${x}(?: ${filler})*$`;
}

/** Escapes a literal word-form for use inside a regex. */
export function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
