import { foldCompatibility, normalizeFolded } from './normalize-inbound-text.js';

/** The forms of one inbound text that the tier-2 rules read. Built once per message. */
export interface MatchText {
  /** The original text, untouched (only used for the "STOP in capitals inside lower-case text" signal). */
  readonly raw: string;
  /** DESIGN rule 2 form; tier 1 compares this. */
  readonly normalized: string;
  /**
   * The message cut at punctuation, symbols, emoji and line breaks; each clause is upper-case ASCII-ish
   * words (accents folded, apostrophes dropped: "don't" → "DONT", "m'écrivez" → "MECRIVEZ")
   * separated by single spaces.
   */
  readonly clauses: readonly string[];
  /** For each clause, whether a question mark ends it ("so no messages yet?"). */
  readonly questions: readonly boolean[];
  /** All clauses joined by single spaces. */
  readonly words: string;
  readonly tokens: readonly string[];
  readonly hasQuestionMark: boolean;
  /** 🛑 ⛔ 🚫 📵 🔕 */
  readonly stopEmoji: boolean;
  /** ✋ 🤚 🖐 */
  readonly handEmoji: boolean;
  /** 🙅 ❌ 🖕 */
  readonly refusalEmoji: boolean;
}

const MARKS = /\p{M}+/gu;
const APOSTROPHES = /['’‘`´ʼ′]/gu;
/** Hyphens, underscores and slashes inside a word join words, they do not end a clause ("OPT-OUT", "text/call"). */
const INNER_JOINER = /(?<=[\p{L}\p{N}])[-‐‑_/](?=[\p{L}\p{N}])/gu;
const CLAUSE_BREAK_CAPTURE = /([^\p{L}\p{N}\p{Zs}\t]+)/u;
const SPACES = /[\p{Zs}\t]+/gu;
const STOP_EMOJI = /[\u{1F6D1}\u{26D4}\u{1F6AB}\u{1F4F5}\u{1F515}]/u;
const HAND_EMOJI = /[\u{270B}\u{1F91A}\u{1F590}]/u;
const REFUSAL_EMOJI = /[\u{1F645}\u{274C}\u{1F595}]/u;

/** Folds a text for matching: compatibility fold, accents removed, apostrophes dropped, "#" read as NUMBER. */
export function foldForMatching(text: string): string {
  return foldCompatibleForMatching(foldCompatibility(text));
}

function foldCompatibleForMatching(compatible: string): string {
  return compatible
    .normalize('NFD')
    .replace(MARKS, '')
    .replace(APOSTROPHES, '')
    .replace(/#/g, ' NUMBER ')
    .replace(/&/g, ' AND ')
    .replace(INNER_JOINER, ' ');
}

/** Splits a folded text into clause word-forms (see MatchText.clauses). */
export function splitClauses(folded: string): string[] {
  return splitQuestionClauses(folded).clauses;
}

/**
 * STOP drawn out or doubled ("stooop", "STOPPP", "sstop", "stahp", "stopstop"): read as STOP (or STOP STOP).
 * "STOOP" is left alone: it is a word ("sitting on the stoop"); alone it is still a typo of STOP.
 */
const ELONGATED_STOP = /(?<![\p{L}\p{N}])(?:S+T+(?:O+|A+H+|O+H+|A+W+)P+)(?![\p{L}\p{N}])/gu;
const DOUBLED_STOP = /(?<![\p{L}\p{N}])STOP(?:STOP)+(?![\p{L}\p{N}])/gu;
function canonicalStop(clause: string): string {
  if (!clause.includes('ST')) return clause;
  return clause
    .replace(DOUBLED_STOP, (m) => 'STOP '.repeat(m.length / 4).trimEnd())
    .replace(ELONGATED_STOP, (m) => (m === 'STOOP' ? m : 'STOP'));
}

function splitQuestionClauses(folded: string): { clauses: string[]; questions: boolean[] } {
  const clauses: string[] = [];
  const questions: boolean[] = [];
  // With a capture group, split() alternates clause text and the break that follows it.
  const parts = folded.split(CLAUSE_BREAK_CAPTURE);
  for (let i = 0; i < parts.length; i += 2) {
    const clause = parts[i]!.replace(SPACES, ' ').trim();
    if (clause === '') continue;
    clauses.push(canonicalStop(clause));
    questions.push(/[?¿]/.test(parts[i + 1] ?? ''));
  }
  return { clauses, questions };
}

/** Builds every form the rules read. Pure; O(length of text). */
export function prepareMatchText(text: string): MatchText {
  const compatible = foldCompatibility(text);
  return prepareFoldedMatchText(text, compatible, normalizeFolded(compatible));
}

/** prepareMatchText for a text whose compatibility fold and DESIGN rule 2 form the caller already has (one fold per message). */
export function prepareFoldedMatchText(text: string, compatible: string, normalized: string): MatchText {
  const folded = foldCompatibleForMatching(compatible);
  const { clauses, questions } = splitQuestionClauses(folded);
  const words = clauses.join(' ');
  return {
    raw: text,
    normalized,
    clauses,
    questions,
    words,
    tokens: words === '' ? [] : words.split(' '),
    hasQuestionMark: /[?¿]/.test(folded),
    stopEmoji: STOP_EMOJI.test(folded),
    handEmoji: HAND_EMOJI.test(folded),
    refusalEmoji: REFUSAL_EMOJI.test(folded),
  };
}
