/**
 * Invisible format characters people (and keyboards, and copy-paste) slip into texts:
 * soft hyphen, combining grapheme joiner, zero-width space/joiners, bidi marks and
 * embeddings, word joiner and friends, Hangul fillers, variation selectors, BOM, tag characters.
 */
const INVISIBLE =
  /[\u00AD\u034F\u061C\u115F\u1160\u17B4\u17B5\u180B-\u180F\u200B-\u200F\u202A-\u202E\u2060-\u206F\u3164\uFE00-\uFE0F\uFEFF\uFFA0\u{E0000}-\u{E007F}\u{E0100}-\u{E01EF}]/gu;
const WHITESPACE_RUN = /\s+/gu;
/** Punctuation, math and modifier symbols, and whitespace at either end ("¡STOP!", "(stop)", "stop :)"). */
const SURROUNDING = /^[\s\p{P}\p{Sm}\p{Sk}]+|[\s\p{P}\p{Sm}\p{Sk}]+$/gu;

/**
 * NFKC, invisible characters removed, upper-cased — but whitespace and inner punctuation kept.
 * Shared by tier 1 (via normalizeInboundText) and the tier-2 match text.
 */
export function foldCompatibility(text: string): string {
  return text.normalize('NFKC').replace(INVISIBLE, '').toUpperCase().normalize('NFKC').replace(INVISIBLE, '');
}

/**
 * DESIGN rule 2 normalisation: Unicode NFKC, zero-width and other invisible characters removed,
 * whitespace collapsed and trimmed, surrounding punctuation trimmed, case-folded to upper case.
 * Idempotent. Example: "  ¡Ｓ\u200BTop!! " → "STOP"; "opt-out" → "OPT-OUT".
 */
export function normalizeInboundText(text: string): string {
  return normalizeFolded(foldCompatibility(text));
}

/** normalizeInboundText for a text already passed through foldCompatibility (the classifier folds once). */
export function normalizeFolded(folded: string): string {
  return folded.replace(WHITESPACE_RUN, ' ').replace(SURROUNDING, '');
}
