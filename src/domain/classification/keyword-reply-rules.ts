import type { InboundClassification, Language } from './classification-types.js';
import type { CompiledSettings, ListedKeyword } from './compile-settings.js';
import { compactForm } from './keyword-forms.js';
import type { MatchText } from './prepare-match-text.js';
import { TYPO_REAL_WORDS, TYPO_REVIEW_WORDS, typoDistance } from './typo-distance.js';

/**
 * Tier-2 rules built on the organization's opt-out keywords: a keyword with courtesy words or emoji
 * ("Stop please 🛑"), spelled out ("S T O P"), mistyped ("SOTP"), a stop-sign emoji alone,
 * a keyword as its own sentence inside a longer text, at the start or end of a run-on text, or in capitals.
 */

type Verdict = Extract<InboundClassification, { action: 'opted_out' } | { action: 'review' }>;

const optOut = (rule: string, keyword: string | null, language: Language): Verdict => ({ action: 'opted_out', source: 'phrase', keyword, rule, language });
const review = (rule: string, language: Language): Verdict => ({ action: 'review', rule, language });

/** The language a short reply was written in: the keyword's own, else Spanish/French courtesy words ("STOP por favor"). */
function replyLanguage(keyword: ListedKeyword, tokens: readonly string[], cs: CompiledSettings): Language {
  if (keyword.language !== 'en') return keyword.language;
  if (cs.esMarkers !== null && tokens.some((t) => cs.esMarkers!.has(t))) return 'es';
  if (cs.frMarkers !== null && tokens.some((t) => cs.frMarkers!.has(t))) return 'fr';
  return 'en';
}

/** Keyword(s) plus courtesy words only; strong keywords opt out, END/CANCEL/QUIT with extra words are a review. */
function keywordReply(words: string, tokens: readonly string[], cs: CompiledSettings, rule: string, wholeText: boolean): Verdict | null {
  if (!cs.keywordReply.test(words)) return null;
  let first: ListedKeyword | null = null;
  let firstForm = '';
  cs.keywordFinder.lastIndex = 0;
  for (let m = cs.keywordFinder.exec(words); m !== null; m = cs.keywordFinder.exec(words)) {
    const form = m[1]!;
    const keyword = cs.optOutForms.get(form)!;
    if (!keyword.weak) return optOut(rule, keyword.listed, replyLanguage(keyword, tokens, cs));
    if (first === null) {
      first = keyword;
      firstForm = form;
    }
  }
  if (first === null) return null;
  // "END 😡" is the keyword itself; "Great. Cancel." inside a longer text is not clear enough.
  if (wholeText && words === firstForm) return optOut(rule, first.listed, first.language);
  return review(`review.${firstForm.toLowerCase()}`, 'en');
}

/** "S T O P", "opt_out", "S T O P P L E A S E": the letters alone spell a keyword (plus a courtesy word). */
function spelledKeyword(compact: string, tokens: readonly string[], cs: CompiledSettings): ListedKeyword | null {
  const exact = cs.optOutCompact.get(compact);
  if (exact !== undefined) return exact;
  if (!tokens.every((t) => t.length === 1)) return null;
  for (const [form, keyword] of cs.optOutCompact) {
    if (compact.startsWith(form) && cs.courtesyTokens.has(compact.slice(form.length))) return keyword;
  }
  return null;
}

function coreTokens(tokens: readonly string[], cs: CompiledSettings): string[] {
  return tokens.filter((t) => !cs.courtesyTokens.has(t));
}

/** Whole-message rules: keyword with extras, spelled keyword, emoji alone, typo. */
export function matchKeywordReply(text: MatchText, cs: CompiledSettings): Verdict | null {
  const { words, tokens } = text;
  const reply = keywordReply(words, tokens, cs, 'phrase.keyword_in_short_reply', true);
  if (reply !== null) return reply;

  if (tokens.length > 1) {
    const spelled = spelledKeyword(compactForm(words), tokens, cs);
    if (spelled !== null) return optOut('phrase.spelled_keyword', spelled.listed, spelled.language);
  }

  const core = coreTokens(tokens, cs);
  if (core.length === 0) {
    if (text.stopEmoji) return optOut('emoji.stop_sign', null, 'en');
    if (text.handEmoji) return review('review.hand_emoji', 'en');
    if (text.refusalEmoji) return review('review.refusal_emoji', 'en');
    return null;
  }

  if (core.length <= 2) {
    const candidate = core.join('');
    if (candidate.length >= 3 && candidate.length <= 24 && /^[A-Z]+$/.test(candidate) && !cs.otherKeywordCompact.has(candidate) && !cs.optOutCompact.has(candidate)) {
      if (TYPO_REVIEW_WORDS.has(candidate)) return review('review.near_keyword', 'en');
      if (!TYPO_REAL_WORDS.has(candidate)) {
        for (const target of cs.typoTargets) {
          if (typoDistance(candidate, target.compact, 1) === 1) return optOut(`typo.${target.compact}`, target.keyword.listed, target.keyword.language);
        }
      }
    }
  }
  return null;
}

/**
 * Past this many words a text is a message rather than a reply: a keyword at the edge of one of its
 * sentences is not a request by itself ("…and if you give her the meds now it will completely stop").
 * Every run-on edge-keyword revocation in the project corpus has at most 7 words.
 */
const MAX_REPLY_WORDS = 12;
/** Words that make a STOP closing a long message sound like a request ("…so please stop"). */
const REQUEST_BEFORE_TRAILING: ReadonlySet<string> = new Set(['PLEASE', 'PLS', 'PLZ', 'SO', 'JUST', 'NOW', 'OK', 'OKAY', 'SERIOUSLY', 'THANKS', 'NO']);
/** Built-in words clear enough to count even at the edge of a longer text. */
const EDGE_KEYWORDS: ReadonlySet<string> = new Set(['STOP', 'STOPALL', 'UNSUBSCRIBE', 'OPTOUT', 'REVOKE']);
/** "bus stop", "last stop", "can't stop", "one stop": the word before STOP makes it a noun or a negated verb. */
const NOT_BEFORE_TRAILING: ReadonlySet<string> = new Set([
  'A', 'AN', 'THE', 'THIS', 'THAT', 'MY', 'YOUR', 'UR', 'OUR', 'HIS', 'HER', 'THEIR', 'ITS', 'EVERY', 'EACH', 'ANY', 'NEXT', 'LAST',
  'FIRST', 'SECOND', 'THIRD', 'FINAL', 'ONE', '1', '2', '3', 'BUS', 'PIT', 'TRUCK', 'REST', 'TRAIN', 'SUBWAY', 'METRO', 'TRAM', 'TRANSIT',
  'SHUTTLE', 'FULL', 'DOOR', 'WAY', 'WHISTLE', 'NON', 'QUICK', 'SHORT', 'BRIEF', 'HARD', 'DEAD', 'SUDDEN', 'COMPLETE', 'SCREECHING',
  'GRINDING', 'ROLLING', 'EMERGENCY', 'SHOP', 'TO', 'CANT', 'WONT', 'DONT', 'NEVER', 'NOT', 'WILL', 'WOULD', 'COULD', 'SHOULD', 'CAN',
  'MIGHT', 'MAY', 'MUST', 'GOTTA', 'GONNA', 'DIDNT', 'DOESNT', 'DID', 'DOES', 'DO', 'ILL', 'WELL', 'YOULL', 'THEYLL', 'WE', 'THEY', 'HE',
  'SHE', 'I', 'LETS', 'WITHOUT', 'WAIT', 'WHOA', 'WOAH', 'HOLD', 'HANG', 'CANNOT', 'WOULDNT', 'SHOULDNT', 'COULDNT', 'ISNT', 'ARENT', 'EVER',
]);
const QUESTION_STARTERS: ReadonlySet<string> = new Set([
  'WHEN', 'WHERE', 'WHAT', 'WHICH', 'DOES', 'DO', 'DID', 'IS', 'ARE', 'WAS', 'WERE', 'HOW', 'WHY', 'SHOULD', 'SHALL', 'MIGHT', 'IF', 'WHERES',
  'WHATS', 'WHENS', 'HOWS', 'ISNT', 'DOESNT', 'WONT', 'CANT',
]);
/** "stop by", "stop over", "stop in": STOP as an ordinary verb. */
const BENIGN_AFTER_LEADING: ReadonlySet<string> = new Set([
  'BY', 'OVER', 'IN', 'AT', 'THINKING', 'WORRYING', 'FOR', 'ON', 'HERE', 'THERE', 'AROUND', 'IF', 'WHEN', 'SIGN', 'SIGNS', 'LIGHT', 'LIGHTS',
  'SHORT', 'PAYMENT', 'LOSS', 'GAP', 'WATCH', 'OFF', 'AND', 'THE', 'A', 'AN', 'MY', 'OUR', 'THAT', 'THOSE', 'HIS', 'HER', 'THEIR', 'SOME',
  'YOUR', 'UR', 'BEING', 'MAKING', 'TRYING', 'USING', 'PAYING', 'DOING', 'TO', 'AFTER', 'BEFORE', 'UNTIL', 'TILL', 'WORRY', 'THINK',
  'LOOKING', 'LOOK', 'SAYING', 'ASKING', 'LAUGHING', 'SMILING', 'CRYING', 'BUYING', 'SHOPPING', 'PROCRASTINATING', 'STRESSING', 'HALFWAY',
  'TALKING', 'WAITING', 'RUNNING', 'WORKING', 'MID', 'WHERE', 'ONE', 'SIGNAL', 'BUTTON', 'VALVE', 'WORD', 'WORDS', 'LIMIT', 'DATE',
  'TIME', 'LOSSES', 'ORDER', 'ORDERS', 'SALE', 'SHIPMENT', 'DELIVERY', 'AUTOPAY', 'AUTO', 'RENEWAL',
]);
/** After a leading STOP, these start a new thought that confirms it ("STOP who is this", "stop not interested"). */
const LEADING_CONFIRMS =
  /^(?:WHO|WRONG|NOT|IM|I AM|I M|I DONT|I DO NOT|I DIDNT|I NEVER|I SAID|I TOLD|I HAVE NO|I WANT|I AM NOT|NO|NOPE|THIS IS|DONT|DO NOT|NEVER|REMOVE|UNSUBSCRIBE|LEAVE|SPAM|SCAM|THANKS|THANK|THX|LOSE|DELETE|TAKE|ALREADY|AGAIN|ASAP|OR|RIGHT NOW|YOU|U|YOURE|YA|YALL|WHY|FUCK|F|GO|GET|QUIT|ENOUGH|SERIOUSLY|HARASSMENT|WTF|DUDE|BRO|SIR|MAAM|SORRY|IDK|ANYMORE|PLEASE|PLS|PLZ)\b/;

/** "wait, stop", "hold on, stop": STOP as "hold on", not as a revocation. */
const INTERJECTIONS = /(?:^| )(?:WAIT|WHOA|WOAH|HOLD ON|HANG ON|HOLD UP|OMG)$/;

const ALL_CAPS_KEYWORD = /(?<![\p{L}\p{N}])(?:STOP|STOPALL|UNSUBSCRIBE)(?![\p{L}\p{N}])/u;
const ALL_CAPS_KEYWORDS = /(?<![\p{L}\p{N}])(?:STOP|STOPALL|UNSUBSCRIBE)(?![\p{L}\p{N}])/gu;
const WORD_BEFORE = /(\p{L}+)[ \t]*$/u;
const WORD_AFTER = /^[ \t]*(\p{L}+)/u;
const isCapitalWord = (word: string | undefined): boolean => word !== undefined && word.length >= 2 && !/\p{Ll}/u.test(word);

/**
 * True when some keyword in capitals stands out from its neighbours: "Thanks but STOP" singles STOP out,
 * "STOP VIOLENCE AGAINST WOMEN" is a shouted slogan in which STOP is only one of the capital words.
 */
function capitalsSingleOutKeyword(raw: string): boolean {
  ALL_CAPS_KEYWORDS.lastIndex = 0;
  for (let m = ALL_CAPS_KEYWORDS.exec(raw); m !== null; m = ALL_CAPS_KEYWORDS.exec(raw)) {
    const before = WORD_BEFORE.exec(raw.slice(Math.max(0, m.index - 40), m.index))?.[1];
    const after = WORD_AFTER.exec(raw.slice(m.index + m[0].length, m.index + m[0].length + 40))?.[1];
    if (!isCapitalWord(before) && !isCapitalWord(after)) return true;
  }
  return false;
}
const LOWER_CASE = /\p{Ll}/gu;
const NEGATION_BEFORE = new Set(['DONT', 'DONOT', 'NOT', 'NEVER', 'CANT', 'CANNOT', 'WONT', 'DIDNT', 'DOESNT', 'WOULDNT', 'NT']);

function stripLeadingCourtesy(tokens: string[], cs: CompiledSettings): string[] {
  let i = 0;
  // "non stop" is one word split by the hyphen, not "non, stop".
  while (i < tokens.length - 1 && cs.courtesyTokens.has(tokens[i]!) && !EDGE_KEYWORDS.has(tokens[i]!) && tokens[i] !== 'NON') i++;
  return tokens.slice(i);
}

/**
 * Keywords inside longer texts: a clause that is only a keyword ("Not interested. STOP"),
 * a run-on text ending in STOP ("not interested stop") or starting with it ("STOP who is this"),
 * and STOP written in capitals inside lower-case text ("Thanks but STOP").
 * A leading STOP followed by anything else is a review ('review.stop_in_message').
 * `qualified`: a phrase rule already made this text a partial or channel-specific review; only the
 * stand-alone clause rule may still opt out then.
 */
export function matchKeywordInText(text: MatchText, cs: CompiledSettings, qualified: boolean): Verdict | null {
  let pending: Verdict | null = null;
  if (text.clauses.length > 1) {
    let before: string[] = [];
    for (const clause of text.clauses) {
      const tokens = clause.split(' ');
      const interjected = before.length > 0 && INTERJECTIONS.test(before.slice(-2).join(' '));
      before = tokens;
      if (interjected) continue;
      const verdict = keywordReply(clause, tokens, cs, 'phrase.keyword_clause', false);
      if (verdict?.action === 'opted_out') return verdict;
      pending ??= verdict;
    }
  }
  // A phrase rule already read the STOP as a qualified request ("stop texting me after 9pm"): do not override it.
  if (qualified) return pending;
  const long = text.tokens.length > MAX_REPLY_WORDS;
  const firstWord = text.tokens[0] ?? '';
  const lastClause = text.clauses.length - 1;
  for (let c = 0; c < text.clauses.length; c++) {
    // In a long message only its own edges count: a keyword closing a middle sentence is narration ("I hit send, then stop").
    if (long && c !== 0 && c !== lastClause) continue;
    const tokens = text.clauses[c]!.split(' ');
    if (tokens.length < 2) continue;
    const last = tokens[tokens.length - 1]!;
    const beforeLast = tokens[tokens.length - 2]!;
    if (EDGE_KEYWORDS.has(last) && !NOT_BEFORE_TRAILING.has(beforeLast) && !QUESTION_STARTERS.has(tokens[0]!) && !QUESTION_STARTERS.has(firstWord)) {
      if (!long) return optOut('phrase.trailing_keyword', last, 'en');
      // "…it will completely stop" ends a story; "…so please stop" may end a request: a person decides.
      if (c === lastClause && REQUEST_BEFORE_TRAILING.has(beforeLast)) pending ??= review('review.stop_in_message', 'en');
    }
    if (long && c !== 0) continue;
    const lead = stripLeadingCourtesy(tokens, cs);
    if (lead.length >= 2 && EDGE_KEYWORDS.has(lead[0]!)) {
      const rest = lead.slice(1).join(' ');
      if (LEADING_CONFIRMS.test(rest)) return optOut('phrase.leading_keyword', lead[0]!, 'en');
      // "Stop wasting my time" is a short reply a person should read; "Stop calling everyone saying I'm ill. …" opens a story.
      if (!long && !BENIGN_AFTER_LEADING.has(lead[1]!)) pending ??= review('review.stop_in_message', 'en');
    }
  }
  if (ALL_CAPS_KEYWORD.test(text.raw) && (text.raw.match(LOWER_CASE)?.length ?? 0) >= 3 && capitalsSingleOutKeyword(text.raw)) {
    for (const clause of text.clauses) {
      const tokens = clause.split(' ');
      for (let i = 0; i < tokens.length; i++) {
        if (!EDGE_KEYWORDS.has(tokens[i]!)) continue;
        const before = tokens.slice(Math.max(0, i - 3), i);
        const after = tokens[i + 1];
        if (before.some((t) => NEGATION_BEFORE.has(t))) continue;
        if (i > 0 && NOT_BEFORE_TRAILING.has(tokens[i - 1]!)) continue;
        if (after !== undefined && BENIGN_AFTER_LEADING.has(after)) continue;
        // "Thanks but STOP" is a reply; "…so I told him STOP lying…" deep inside a long message is not clearly one.
        if (!long || after === undefined || cs.courtesyTokens.has(after)) return optOut('phrase.uppercase_keyword', tokens[i]!, 'en');
        pending ??= review('review.stop_in_message', 'en');
      }
    }
  }
  if (pending === null && text.stopEmoji) pending = review('review.stop_emoji_in_text', 'en');
  return pending;
}
