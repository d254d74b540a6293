import {
  EN_COURTESY,
  EN_LIST_PHRASE,
  EN_MESSAGE_PHRASE,
  EN_MY_DEVICE,
  EN_NEGATION_CANCELLERS,
  EN_NEGATORS,
  EN_SCOPE_PRONOUNS,
  EN_SUBJECTS,
} from './english-vocabulary.js';
import type { RuleVocabulary } from './phrase-rule.js';
import type { MatchText } from './prepare-match-text.js';
import { alt } from './rule-regex.js';

const CLEAR_WORDS = alt([
  ...EN_COURTESY,
  'EVER', 'EVER AGAIN', 'ANY LONGER', 'NO MORE', 'AT ALL', 'GOODBYE', 'BYE', 'ALRIGHT', 'THATS IT', 'ONCE AND FOR ALL', 'PLEASE AND THANK YOU',
  'IDIOT', 'YOU IDIOT', 'ASSHOLE', 'YOU ASSHOLE', 'THIS IS HARASSMENT', 'ANYMORE PLEASE', 'FFS', 'DAMMIT', 'DAMN IT', 'GEEZ', 'GOSH',
]);
const THREAT = alt(['OR', 'OR ELSE', 'OTHERWISE', 'ELSE', 'BEFORE I', 'IM GOING TO', 'IM GONNA', 'ILL', 'I WILL', 'OR ILL']);
const DAYS = alt(['MONDAYS?', 'TUESDAYS?', 'WEDNESDAYS?', 'THURSDAYS?', 'FRIDAYS?', 'SATURDAYS?', 'SUNDAYS?', 'WEEKENDS?', 'WEEKDAYS?', 'HOLIDAYS', 'THE WEEKENDS?']);

export const EN_VOCABULARY: RuleVocabulary = {
  clearTail: new RegExp(`^(?:${CLEAR_WORDS}(?: ${CLEAR_WORDS})*)?(?:(?:^| )${THREAT}\\b.*)?$`),
  conditionalTail: new RegExp(
    `^(?:${alt([
      'BEFORE', 'AFTER', 'DURING', 'UNTIL', 'TIL', 'TILL', 'UNTILL', 'WHILE', 'INSTEAD', 'EXCEPT', 'UNLESS', 'WHEN', 'WHENEVER', 'ABOUT',
      'REGARDING', 'RE', 'EVERY', 'EVERYDAY', 'EARLY', 'LATE', 'BETWEEN', 'AROUND', 'PAST', 'LATER', 'YET', 'NEXT', 'TODAY', 'TONIGHT',
      'TOMORROW', 'WEEKENDS', 'TWICE', 'ONLY', 'THAT EARLY', 'THAT LATE', 'SO (?:EARLY|LATE|MUCH|OFTEN|MANY TIMES|FREQUENTLY)',
      'THIS (?:EARLY|LATE|WEEK|MONTH|WEEKEND|MORNING|AFTERNOON|EVENING|OFTEN|MUCH|YEAR|TIME|LATE AT NIGHT)',
      'FOR (?:NOW|A WHILE|A BIT|TODAY|TONIGHT|THE DAY|THE WEEK|THE WEEKEND|THE MONTH|A FEW|A COUPLE|A MONTH|A WEEK|THE NEXT|THE REST)',
      `ON ${DAYS}`, 'AT (?!THIS |MY )', 'ON (?!THIS |MY )', 'IN (?!THIS NUMBER|MY PHONE)', '\\d+ TIMES', 'MULTIPLE TIMES', 'ALL DAY',
      'ALL THE TIME', 'ANYMORE TODAY', 'WITHOUT', 'OUTSIDE', 'ON WEEKENDS',
    ])})\\b`,
  ),
  scopedTail: new RegExp(
    `^(?:(?:${alt(['FROM', 'OFF', 'OFF OF', 'OUT OF', 'OUTTA', 'OF', 'ON', 'FOR', 'TO', 'AT', 'IN', 'WITH', 'ON TO', 'ONTO'])} )?(?:${EN_LIST_PHRASE}|${EN_MESSAGE_PHRASE}|${EN_MY_DEVICE})|${alt(['FROM', 'OFF', 'OFF OF', 'OUT OF', 'OUTTA', 'OF', 'FOR', 'TO', 'WITH'])} ${EN_SCOPE_PRONOUNS})\\b`,
  ),
  scopeStarter: /^(?:FROM|OFF|OFF OF|OUT OF|OUTTA|OF|FOR|TO|WITH)\b/,
  // Another person is an object too: "stop calling everyone saying I'm ill" is not about the writer's phone.
  objectTail: /^(?:THE|A|AN|THAT|THOSE|YOUR|UR|HIS|HER|OUR|THEIR|SOME|MY|IT|ANOTHER|ONE|BACK|OFF|HIM|THEM|EVERYONE|EVERYBODY|ANYONE|ANYBODY|SOMEONE|SOMEBODY|PEOPLE|NOBODY|OTHERS|OTHER PEOPLE)\b/,
  negators: EN_NEGATORS,
  negationCancellers: EN_NEGATION_CANCELLERS,
  subjects: EN_SUBJECTS,
  requestModals: new Set(['CAN', 'COULD', 'WOULD', 'WILL', 'PLEASE', 'PLS', 'PLZ', 'NEED', 'WANT', 'WONT', 'CANT', 'SHOULD', 'MUST']),
  requestBoundaries: new Set(['PLEASE', 'PLS', 'PLZ', 'SO', 'AND', 'BUT', 'OK', 'OKAY', 'THEN', 'JUST', 'NOW', 'THANKS']),
  hypotheticals: new Set(['IF', 'WHETHER']),
};

const POSITIVE_CONTACT = new RegExp(
  `(?<!\\b(?:DONT|DO NOT|NOT|NEVER|STOP|QUIT|NO|CANT|WONT|DONOT|DNT)(?: \\w+){0,2} )\\b(?:${alt([
    '(?:TEXT|TXT|EMAIL|E MAIL|CALL|MESSAGE|WHATSAPP|DM|RING)(?: ME| US)? (?:INSTEAD|ONLY|IS FINE|ARE FINE|IS OK|IS OKAY|IS BETTER|WORKS|IS BEST|IF|WHEN|AT|ON|TOMORROW|LATER|NEXT|AFTER|BEFORE|ANYTIME|WHENEVER)',
    '(?:ONLY|JUST) (?:TEXT|EMAIL|CALL|MESSAGE|WHATSAPP)',
    'INSTEAD',
    '(?:TEXTS|EMAILS|CALLS|EMAIL|TEXT|TEXTING|EMAILING|CALLING) (?:ARE|IS) (?:FINE|OK|OKAY|BETTER|BEST|PREFERRED)',
    'PREFER (?:TEXT|TEXTS|EMAIL|EMAILS|CALLS|A CALL|TEXTING|EMAILING|CALLING|WHATSAPP)',
    '(?:TEXT|EMAIL|CALL|TEXTS|EMAILS|CALLS) ONLY',
  ])})\\b`,
);
const CHANNEL_CLAUSE = /^(?:JUST |ONLY |PLEASE |PLS )?(?:TEXT|EMAIL|CALL|TXT|WHATSAPP|TEXT ME|EMAIL ME|CALL ME|MESSAGE ME|TEXTS ARE FINE|TEXT IS FINE)(?: (?:ME|ONLY|PLEASE|INSTEAD|PLS))*$/;

/** True when the text also asks to be contacted another way ("don't call me, text me instead"). */
export function asksForAnotherChannel(text: MatchText): boolean {
  if (POSITIVE_CONTACT.test(text.words)) return true;
  return text.clauses.length > 1 && text.clauses.some((c) => CHANNEL_CLAUSE.test(c));
}

/** Signs that a "don't call" holds for now only: the person is busy, will call back, or names a time. */
const FOR_NOW = new RegExp(
  `\\b(?:${alt([
    'CANT TALK', 'CANNOT TALK', 'CAN NOT TALK', 'CNT TALK', 'CANT ANSWER', 'CANT PICK UP', 'CANT TAKE CALLS', 'BUSY', 'IN A MEETING', 'IN MEETING',
    'IN CLASS', 'IN A CLASS', 'IN LECTURE', 'IN CHURCH', 'AT WORK', 'AT THE HOSPITAL', 'AT THE DOCTOR', 'DRIVING', 'SLEEPING', 'ASLEEP',
    'ILL CALL', 'I WILL CALL', 'I LL CALL', 'WILL CALL WHEN', 'CALL YOU BACK', 'CALL U BACK', 'CALL YOU LATER', 'CALL U LATER', 'CALL ME LATER',
    'CALL LATER', 'TEXT ME LATER', 'LATER', 'TILL', 'UNTIL', 'UNTILL', 'TIL', 'FOR NOW', 'AT THE MOMENT', 'NOT NOW', 'NO NETWORK', 'NO SIGNAL',
    'NO SERVICE', 'BATTERY', 'PHONE IS DYING', 'PHONES DYING', 'HAVING PROBLEMS', 'HAVING ISSUES', 'TODAY', 'TONIGHT', 'TOMORROW', 'THIS WEEK',
    'THIS WEEKEND', 'WHEN I GET', 'WHILE I', 'WHEN YOU GET', 'WHEN U GET',
  ])})\\b`,
);
/** Signs that it is for good: "…ever again", "…anymore", a list, a wrong number. */
const FOR_GOOD = /\b(?:AGAIN|EVER|ANYMORE|ANY MORE|NEVER|FOREVER|PERMANENTLY|NO LONGER|LIST|UNSUBSCRIBE|REMOVE|WRONG|SPAM|HARASS\w*|STOP)\b/;

/**
 * True when a request not to be called or texted holds for now only ("can't talk now, don't call",
 * "dont call me, i will wait till i come") and nothing in the text makes it for good. DESIGN rule 1
 * makes an opt-out cover every channel for good, so such a text is at most a review.
 */
export function limitsContactForNow(text: MatchText): boolean {
  return FOR_NOW.test(text.words) && !FOR_GOOD.test(text.words);
}

/** The review a channel-specific English revocation turns into, if any (see runPhraseRule). */
export function qualifyChannelRequest(text: MatchText): string | null {
  if (asksForAnotherChannel(text)) return 'review.channel_preference';
  if (limitsContactForNow(text)) return 'review.partial_revocation';
  return null;
}
