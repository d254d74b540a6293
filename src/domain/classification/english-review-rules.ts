import { EN_COURTESY } from './english-vocabulary.js';
import { EN_VOCABULARY } from './english-rule-vocabulary.js';
import { defineRules, type PhraseRule } from './phrase-rule.js';
import { alone, alt } from './rule-regex.js';

/**
 * English replies whose intent is unclear: a human decides (DESIGN rule 3, "when in doubt").
 * Only consulted when no opt-out rule fired.
 */

const COURTESY = alt(EN_COURTESY);
const WEAK_EXTRAS = alt([
  COURTESY, 'THAT', 'ALL OF IT', 'ALL OF THIS', 'THE SUBSCRIPTION', 'MY SUBSCRIPTION', 'SUBSCRIPTION', 'MY ACCOUNT', 'MY MEMBERSHIP',
  'MEMBERSHIP', 'SERVICE', 'MY SERVICE', 'THE SERVICE', 'NOW',
]);
const weak = (words: string[]): string => `^(?:${COURTESY} )*${alt(words)}(?: ${WEAK_EXTRAS})*$`;
const HOSTILE_ALONE = alt([
  'FUCK OFF', 'F OFF', 'FK OFF', 'FCK OFF', 'FUCKOFF', 'EFF OFF', 'PISS OFF', 'BUZZ OFF', 'BUG OFF', 'SOD OFF', 'BACK OFF', 'BUGGER OFF',
  'GO AWAY', 'GET LOST', 'GO TO HELL', 'SCREW YOU', 'SCREW U', 'SCREW OFF', 'FUCK YOU', 'FUCK U', 'FU', 'F U', 'FUCK YOURSELF',
  'GO FUCK YOURSELF', 'GFY', 'STFU', 'GTFO', 'GET THE FUCK OUT', 'BITE ME', 'KISS MY ASS', 'EAT SHIT', 'DROP DEAD', 'DIE', 'BEAT IT',
  'SCRAM', 'GET OUT', 'BYE FELICIA', 'LOSE IT',
]);

const INSULTS = alt(['ASSHOLES?', 'MOTHERFUCKERS?', 'SCUMBAGS?', 'LEECHES', 'VULTURES', 'IDIOTS?', 'MORONS?', 'CLOWNS', 'CROOKS', 'THIEVES', 'LOSERS?', 'JERKS?']);

export const ENGLISH_REVIEW_RULES: readonly PhraseRule[] = defineRules('en', EN_VOCABULARY, [
  {
    id: 'review.not_interested',
    // "i tot ü not interested", "they were not interested" speak of someone else.
    pattern: `(?<!\\b${alt(['U', 'YOU', 'YA', 'UR', 'YOURE', 'R', 'ARE', 'HE', 'SHE', 'THEY', 'HES', 'SHES', 'THEYRE', 'WAS', 'WERE', 'HIM', 'HER', 'THEM'])} )\\b(?:(?:IM |I AM |WE ARE |WERE |WE RE |I M |AM |STILL )?${alt(['NOT', 'NO LONGER', 'NEVER', 'NOT REALLY', 'NOT EVEN', 'NOT VERY', 'NOT AT ALL', 'NOT REMOTELY', 'NOT THAT', 'NOT ANYMORE', 'NOT EVEN A LITTLE', 'NOTT', 'NT'])} ${alt(['INTERESTED', 'INTRESTED', 'INTERESTD', 'INTERSTED', 'INTERESED', 'INTEREST', 'INTERESTED ANYMORE'])}|${alt(['NO INTEREST', 'UNINTERESTED', 'DISINTERESTED', 'NOT FOR ME', 'NOT FOR US', 'NOT MY THING', 'NOT INTERESTED', 'NO ONE INTERESTED', 'NO ONE IS INTERESTED', 'NOBODY INTERESTED', 'NOBODY IS INTERESTED', 'NOBODYS INTERESTED'])})\\b`,
    tail: 'listed',
    tailOk: `^(?:(?:IN|WITH) )?(?:IT|THIS|THAT|THESE|THOSE|ANY|ANY OF (?:IT|THIS|THAT|THESE|THOSE|YOUR \\w+)|ANYTHING|YOUR(?: \\w+)?|UR(?: \\w+)?|BUYING|SELLING|SWITCHING|CHANGING|WHAT YOU\\b.*|THE OFFER|YOUR OFFER|AT ALL|ANYMORE|SORRY|RIGHT NOW|NOW|THANKS|THANK YOU|THX|BYE|GOODBYE|AT THIS TIME|IN THIS|TO\\b)\\b.*$`,
  },
  {
    id: 'review.no_thanks',
    pattern: `${alone(`(?:NO|NAH|NOPE|NO NO|NOPE NOPE)(?: ${alt(['THANKS', 'THANK YOU', 'THANK U', 'THX', 'TY', 'THNX', 'THANKS THOUGH', 'THANK YOU THOUGH', 'THANKS ANYWAY', 'THANKS BUT NO THANKS', 'BUT THANKS', 'BUT THANK YOU', 'IM GOOD', 'I AM GOOD', 'IM OK', 'IM OKAY', 'I AM OK', 'WE ARE GOOD', 'WERE GOOD', 'WE ARE OK', 'WERE OK', 'PASS', 'I PASS', 'ILL PASS', 'I WILL PASS', 'WELL PASS', 'IM SET', 'WERE SET', 'IM ALL SET', 'WERE ALL SET', 'NOT NOW'])})+`, COURTESY)}|^(?:${alt(['ILL PASS', 'I WILL PASS', 'WELL PASS', 'WE WILL PASS', 'PASS', 'HARD PASS', 'ILL PASS THANKS', 'PASS THANKS', 'THANKS BUT NO THANKS'])})$`,
  },
  { id: 'review.cancel', pattern: weak(['CANCEL', 'CANCELL', 'CANCLE', 'CANCELED', 'CANCELLED', 'CANCELING', 'CANCELLING']) },
  { id: 'review.end', pattern: weak(['END', 'END IT ALL']) },
  { id: 'review.quit', pattern: weak(['QUIT', 'CEASE']) },
  { id: 'review.stop', pattern: weak(['STOP']) },
  { id: 'review.enough', pattern: alone(alt(['ENOUGH', 'ENOUGH ALREADY', 'THATS ENOUGH', 'THAT IS ENOUGH', 'ENOUGH IS ENOUGH', 'ENOUF', 'ENUF', 'ENUFF', 'IVE HAD ENOUGH', 'I HAVE HAD ENOUGH', 'IM OVER IT', 'SO OVER IT']), COURTESY) },
  { id: 'review.no_more', pattern: alone('NO MORE', COURTESY) },
  // A sentence of its own ("Go away!"); inside a long message it is usually quoted or told ("…sayin Bite me, bite me").
  { id: 'review.hostile', pattern: `^(?:${COURTESY} )*${HOSTILE_ALONE}(?: (?:${COURTESY}|ALREADY|YOU|ASSHOLE|IDIOT|LOSER|JERK|LOSERS|ASSHOLES|FUCKING|NOW))*$`, maxWords: 15 },
  // Aimed at the sender wherever it stands: "fuck off", "who the hell is this", "you assholes".
  {
    id: 'review.hostile',
    pattern: `\\b(?:${alt(['FUCK OFF', 'FUCK YOU', 'FUCK U', 'STFU', 'GTFO', 'GO FUCK YOURSELF', 'PISS OFF', 'WHO THE (?:FUCK|HELL|F|FK|HECK) IS THIS', 'WHO TF IS THIS', 'WTF IS THIS', 'FUCKING SPAM'])}|${alt(['YOU', 'U', 'YA', 'YALL', 'UR', 'YOURE', 'YOU ARE', 'YOU R', 'U R', 'YOU GUYS ARE', 'YOU PEOPLE ARE', 'YOU GUYS', 'YOU PEOPLE', 'BUNCH OF', 'YOU FUCKING', 'YOU STUPID', 'YOU DUMB'])} ${INSULTS})\\b`,
  },
  // A curse or insult on its own is aimed at us only in a short reply; inside a long message it is the
  // writer's story ("…I get drunk as a motherfucker").
  { id: 'review.hostile', pattern: `\\b(?:WTF|${INSULTS}|PIECE OF SHIT)\\b`, maxWords: 8 },
  {
    id: 'review.complaint',
    pattern: `\\b(?:SPAM(?! (?:FOLDER|FILTER|BOX))|${alt(['SPAMMER', 'SPAMMERS', 'SCAM', 'SCAMMER', 'SCAMMERS', 'SCAMMING', 'SCAMS'])}|REPORTED (?:YOU|THIS|AS SPAM|THIS NUMBER|YOUR NUMBER|IT)|REPORTING (?:YOU|THIS|THIS NUMBER|IT|YOUR NUMBER|YOUR COMPANY)|(?:WILL|GONNA|GOING TO|ABOUT TO|SHOULD) REPORT (?:YOU|THIS|THIS NUMBER|YOUR NUMBER|U|IT|YOUR COMPANY)|REPORT (?:THIS NUMBER|YOU TO)|BLOCKING (?:YOU|THIS|THIS NUMBER|THE NUMBER|YOUR NUMBER|U)|BLOCKED (?:YOU|THIS NUMBER|YOUR NUMBER|U)|(?:WILL|GONNA|GOING TO|ABOUT TO) BLOCK (?:YOU|THIS NUMBER|YOUR NUMBER|U|THIS)|(?:YOU|U|YOURE|NUMBER) (?:ARE |R |IS )?BLOCKED)\\b|${alone(alt(['BLOCKED', 'BLOCKING', 'REPORTED', 'BLOCKING YOU NOW']), COURTESY)}`,
  },
  {
    id: 'review.how_did_you_get_my_number',
    pattern: `\\b(?:HOW|WHERE|WHO)(?: THE (?:HELL|FUCK|HECK|F)| TF)? (?:DID|D|DO|DOES|HAS|HAD|GAVE|GIVE|SOLD|SELL)(?: (?:YOU|U|YALL|YOU GUYS|YOU PEOPLE|YOUR COMPANY|THEY))?(?: (?:GET|GOT|GIVE YOU|GAVE YOU|FIND|FOUND|OBTAIN|OBTAINED|RECEIVE|SOLD YOU|SELL YOU))? (?:MY|THIS) (?:NUMBER|NUMBR|NUM|CELL|PHONE NUMBER|PHONE|CONTACT|INFO|INFORMATION|CELL NUMBER|DETAILS|CONTACT INFO)\\b|\\bWHY (?:DO|DOES|D) (?:YOU|U|YALL|YOU GUYS|YOUR COMPANY) (?:HAVE|GOT|HAS) (?:MY|THIS) (?:NUMBER|NUMBR|CELL|PHONE NUMBER|INFO)\\b`,
  },
  {
    id: 'review.keep_contacting',
    pattern: `\\bWHY (?:DO|DOES|D|ARE|R|IS|AM)(?: (?:YOU|U|YALL|YOU GUYS|YOU PEOPLE|THIS NUMBER|I|THIS COMPANY|YOUR COMPANY))? (?:KEEP|STILL|KEEP ON|CONTINUE TO|CONTINUE)(?: (?:GETTING|RECEIVING))? (?:TEXTING|CALLING|MESSAGING|CONTACTING|SENDING|BOTHERING|SPAMMING|TEXTS|CALLS|MESSAGES|THESE)\\b|\\bSTILL (?:GETTING|RECEIVING) (?:THESE|YOUR|TEXTS|MESSAGES|CALLS)\\b`,
  },
]);
