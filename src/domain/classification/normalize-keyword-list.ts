import { normalizeInboundText } from './normalize-inbound-text.js';

export const MAX_KEYWORD_LENGTH = 40;

/**
 * Validates and normalises a keyword list from an admin: each keyword gets the DESIGN rule 2 normalisation
 * (trim, NFKC, invisible characters removed, whitespace collapsed, surrounding punctuation trimmed,
 * upper-cased); duplicates are dropped, keeping the first. Never throws.
 * Example: [" stop ", "Opt-Out", "STOP"] → {ok: true, keywords: ["STOP", "OPT-OUT"]};
 * ["", "STOP"] → {ok: false, problem: "Keyword 1 is empty."}.
 */
export function normalizeKeywordList(list: string[]): { ok: true; keywords: string[] } | { ok: false; problem: string } {
  if (!Array.isArray(list)) return { ok: false, problem: 'Keywords must be a list of strings.' };
  const keywords: string[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < list.length; i++) {
    const raw: unknown = list[i];
    if (typeof raw !== 'string') return { ok: false, problem: `Keyword ${i + 1} is not a string.` };
    const keyword = normalizeInboundText(raw);
    if (keyword === '') return { ok: false, problem: `Keyword ${i + 1} is empty.` };
    if ([...keyword].length > MAX_KEYWORD_LENGTH) {
      return { ok: false, problem: `Keyword ${i + 1} is longer than ${MAX_KEYWORD_LENGTH} characters.` };
    }
    if (!seen.has(keyword)) {
      seen.add(keyword);
      keywords.push(keyword);
    }
  }
  return { ok: true, keywords };
}
