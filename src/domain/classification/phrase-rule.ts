import type { Language } from './classification-types.js';

/**
 * How the words after a match change the outcome:
 * - free: the match decides alone ("leave me alone …").
 * - conditional: a time/topic qualifier ("… after 9pm", "… about the promo") makes it a review;
 *   a direct object that is not a message ("don't text me the address") makes it nothing.
 * - scoped: like conditional, and "from/off/of/for/to X" must name a list or messages ("remove me from your list"),
 *   otherwise `scopedOther` decides ("remove me from the meeting invite").
 * - strict: only a clear or list/message tail fires; anything else is a review (or nothing for an object).
 * - exact: only a clear or list/message tail fires; a qualifier is a review; anything else is nothing.
 * - listed: only a clear tail (or the rule's tailOk) fires; anything else is nothing.
 * - object: `conditional` when the pattern captured a named `obj` group ("stop calling ME"), else `strict`.
 */
export type TailPolicy = 'free' | 'conditional' | 'scoped' | 'strict' | 'exact' | 'listed' | 'object';

/** The per-language words the rule engine needs around a match. */
export interface RuleVocabulary {
  /** Tail made only of courtesy/emphasis words ("please", "ever again"). */
  readonly clearTail: RegExp;
  /** Tail that qualifies the request in time, place, topic or channel ("after 9pm", "at work"). */
  readonly conditionalTail: RegExp;
  /** Tail naming a list, the person's phone or messages ("from your list", "on this number", "these texts"). */
  readonly scopedTail: RegExp;
  /** Tail starting with a preposition that should have named a list ("from the meeting invite"). */
  readonly scopeStarter: RegExp;
  /** Tail starting with a determiner: the verb's object is something else ("the address"). */
  readonly objectTail: RegExp;
  readonly negators: ReadonlySet<string>;
  readonly negationCancellers: ReadonlySet<string>;
  readonly subjects: ReadonlySet<string>;
  /** Words after "can/could/would" that keep "can YOU remove me" a request. */
  readonly requestModals: ReadonlySet<string>;
  /** Words after which a new request starts; negation before them does not reach past ("not interested PLEASE remove me"). */
  readonly requestBoundaries: ReadonlySet<string>;
  /** Words that make the request hypothetical ("if I unsubscribe, …"). */
  readonly hypotheticals: ReadonlySet<string>;
}

export interface PhraseRule {
  readonly id: string;
  readonly language: Language;
  readonly action: 'opted_out' | 'review';
  /** Reported as `keyword` for opt-outs (e.g. 'ALTO'); null otherwise. */
  readonly keyword: string | null;
  /** Global regex over one clause word-form (or the whole message when scope is 'message'). */
  readonly pattern: RegExp;
  readonly scope: 'clause' | 'message';
  readonly tail: TailPolicy;
  /** Skip a match with a negator within four words before it ("don't stop texting me"). */
  readonly negatable: boolean;
  /** Skip a match right after a subject ("I don't text much", "you never call me"). */
  readonly imperative: boolean;
  /** A request about one channel: a positive request for another channel makes it a review. */
  readonly channelSpecific: boolean;
  /** Extra tails that count as clear for this rule. */
  readonly tailOk: RegExp | null;
  /** Outcome of an unscoped "from/of/for/to X" tail under the scoped and strict policies. */
  readonly scopedOther: 'review' | 'none';
  /** Tails that make the match nothing ("no messages YET": a report, not a request). */
  readonly tailNone: RegExp | null;
  /**
   * The request must be the whole message, give or take courtesy words ("No texts please. Thanks!");
   * beside any other sentence it is a review ("No calls..messages..missed calls").
   */
  readonly alone: boolean;
  /** A match in a clause that ends with a question mark is nothing ("no calls today?"). */
  readonly questionNone: boolean;
  /** The rule only reads texts of at most this many words (a curse inside a long story is not aimed at us). */
  readonly maxWords: number | null;
  /**
   * The pattern has no anchors and no lookaround, so a match inside a clause is also a match in the
   * clauses joined by spaces: one test over the whole message can rule the rule out.
   */
  readonly wholeTextPrefilter: boolean;
  readonly vocabulary: RuleVocabulary;
}

export interface PhraseRuleSpec {
  id: string;
  pattern: string;
  action?: 'opted_out' | 'review';
  keyword?: string;
  scope?: 'clause' | 'message';
  tail?: TailPolicy;
  negatable?: boolean;
  imperative?: boolean;
  channelSpecific?: boolean;
  tailOk?: string;
  scopedOther?: 'review' | 'none';
  tailNone?: string;
  alone?: boolean;
  questionNone?: boolean;
  maxWords?: number;
}

/** Builds a rule table for one language from compact specs. */
export function defineRules(language: Language, vocabulary: RuleVocabulary, specs: readonly PhraseRuleSpec[]): PhraseRule[] {
  return specs.map((spec) => ({
    id: spec.id,
    language,
    action: spec.action ?? (spec.id.startsWith('review.') ? 'review' : 'opted_out'),
    keyword: spec.keyword ?? null,
    pattern: new RegExp(spec.pattern, 'g'),
    scope: spec.scope ?? 'clause',
    tail: spec.tail ?? 'free',
    negatable: spec.negatable ?? false,
    imperative: spec.imperative ?? false,
    channelSpecific: spec.channelSpecific ?? false,
    tailOk: spec.tailOk === undefined ? null : new RegExp(spec.tailOk),
    scopedOther: spec.scopedOther ?? 'review',
    tailNone: spec.tailNone === undefined ? null : new RegExp(spec.tailNone),
    alone: spec.alone ?? false,
    questionNone: spec.questionNone ?? false,
    maxWords: spec.maxWords ?? null,
    wholeTextPrefilter: !/[\^$]|\(\?<?[=!]/.test(spec.pattern),
    vocabulary,
  }));
}
