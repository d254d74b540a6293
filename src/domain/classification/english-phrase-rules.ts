import { EN_COURTESY, EN_MESSAGE_PHRASE } from './english-vocabulary.js';
import { EN_VOCABULARY } from './english-rule-vocabulary.js';
import { defineRules, type PhraseRule } from './phrase-rule.js';
import { alt } from './rule-regex.js';

/** English revocation phrases (DESIGN rule 3). Always active. Patterns read clause word-forms. */

const COURTESY = alt(EN_COURTESY);
const STOP_VERB = alt(['STOP', 'STOPP', 'STOPPP', 'STP', 'SOTP', 'STPO', 'QUIT', 'CEASE', 'PLEASE STOP']);
const INTENSIFIER = alt(['FUCKING', 'FCKING', 'FKING', 'FUCKIN', 'FRIGGING', 'FREAKING', 'FREAKIN', 'FRICKING', 'EFFING', 'DAMN', 'GODDAMN', 'BLOODY', 'DANG', 'DARN', 'EVER']);
const CONTACT_ING = alt([
  'TEXTING', 'TEXTIN', 'TXTING', 'TXTIN', 'TEXTNG', 'TEXING', 'MESSAGING', 'MESSAGIN', 'MSGING', 'MESSAGEING', 'MESSEGING', 'CALLING',
  'CALLIN', 'CALING', 'CONTACTING', 'CONTACTIN', 'EMAILING', 'EMAILIN', 'E MAILING', 'BOTHERING', 'BOTHERIN', 'HARASSING', 'HARRASSING',
  'HARASING', 'HARRASING', 'SPAMMING', 'SPAMING', 'PINGING', 'HITTING ME UP', 'HITTIN ME UP', 'REACHING OUT TO', 'REACHING OUT', 'SMSING',
  'DMING', 'RINGING', 'PHONING', 'BUGGING', 'PESTERING', 'HOUNDING', 'WRITING TO', 'BLOWING UP', 'ROBOCALLING', 'SOLICITING',
  'TEXT MESSAGING', 'WHATSAPPING', 'SENDING TEXTS TO', 'SENDING MESSAGES TO', 'HARASSING',
]);
const CONTACT_BASE_WIDE = alt([
  'TEXT', 'TXT', 'TEX', 'TEXT MESSAGE', 'MESSAGE', 'MSG', 'MESSEGE', 'CALL', 'CALLL', 'CONTACT', 'EMAIL', 'E MAIL', 'BOTHER', 'HARASS',
  'SPAM', 'PING', 'HIT ME UP', 'REACH OUT TO', 'SMS', 'DM', 'RING', 'PHONE', 'BUG', 'PESTER', 'WRITE', 'WRITE TO', 'WHATSAPP', 'SOLICIT',
  'DIAL', 'BLOW UP', 'ROBOCALL', 'SEND TEXTS TO', 'SEND MESSAGES TO',
]);
const CONTACT_BASE_BARE = alt(['TEXT', 'TXT', 'CALL', 'CONTACT', 'MESSAGE', 'MSG', 'EMAIL', 'SOLICIT', 'TEXT OR CALL', 'CALL OR TEXT']);
const OBJECT = alt([
  'ME+', 'US', 'MYSELF', 'MY NUMBER', 'MY NUMBR', 'MY PHONE', 'MY PHONE NUMBER', 'MY CELL', 'MY CELL PHONE', 'MY CELLPHONE', 'MY CELL NUMBER',
  'MY MOBILE', 'MY LINE', 'MY NUM', 'MY WIFE', 'MY HUSBAND', 'MY FAMILY', 'MY MOM', 'MY DAD', 'MY SON', 'MY DAUGHTER', 'MY WORK PHONE',
  'THIS NUMBER', 'THIS PHONE', 'THIS LINE', 'THIS CELL', 'THIS PHONE NUMBER', 'THIS NUM', 'HERE', 'ME AND MY (?:WIFE|HUSBAND|FAMILY)',
]);
/** After "why won't you stop" / "when will you stop": a contact verb, with its object ("texting me", "sending these"). */
const CONTACT_TAIL = `^(?:(?:${CONTACT_ING})(?: (?:ME|US|MY NUMBER|THIS NUMBER|MY PHONE))?|SENDING(?: (?:ME|US))? (?:${EN_MESSAGE_PHRASE}|THESE|THEM|THIS|THOSE|STUFF))\\b`;
/** Subjects of "when will … stop" that are the messages themselves. */
const MESSAGES_SUBJECT = `(?:THESE|THIS|YOUR|ALL THESE|ALL THIS|ALL YOUR|ALL THE|THE)(?: [A-Z]+)? ${alt(['TEXTS', 'TXTS', 'MESSAGES', 'MSGS', 'CALLS', 'PHONE CALLS', 'ROBOCALLS', 'SPAM', 'TEXT MESSAGES', 'EMAILS'])}`;
const AND_MORE = (verbs: string): string => `(?:(?: AND| OR| N| AN| NOR| OR EVEN)? ${verbs})*`;
const WRONG_NUMBER_THING = alt([
  'NUMBER', 'NUMBR', 'NUMER', 'NUMBERR', 'NUMB', 'NUM', 'NO', 'PHONE NUMBER', 'PERSON', 'PERSN', 'GUY', 'GIRL', 'LADY', 'DUDE', 'CONTACT',
  'RECIPIENT', 'JOHN', 'TEXT NUMBER',
]);
/** "Wrong phone!" may be the writer's own mix-up ("Wrong phone! This phone! I answer this one…"). */
const WRONG_DEVICE_THING = alt(['PHONE', 'CELL', 'PEOPLE', 'FAMILY', 'HOUSE']);
const WRONG_THING = alt([WRONG_NUMBER_THING, WRONG_DEVICE_THING]);
/** Words after "no one called/named" that are not a name ("nobody called me today", "no one called back"). */
const NOT_A_NAME = alt([
  'ME', 'MY', 'MINE', 'YOU', 'U', 'YA', 'US', 'HIM', 'HER', 'HIS', 'THEM', 'IT', 'THIS', 'THAT', 'THESE', 'THOSE', 'BACK', 'TODAY', 'TONIGHT',
  'YET', 'YESTERDAY', 'AGAIN', 'ANYONE', 'ANYBODY', 'EVER', 'AT', 'IN', 'ON', 'FOR', 'AND', 'OR', 'NOR', 'BUT', 'SO', 'TO', 'WHEN', 'SINCE',
  'ALL', 'THE', 'A', 'AN', 'HOME', 'LATELY', 'RECENTLY', 'EITHER', 'THOUGH', 'HERE', 'THERE', 'OUT', 'OVER', 'ABOUT', 'EARLIER', 'LATER',
  'MORNING', 'NIGHT', 'WEEK', 'TOO', 'ALSO', 'STILL', 'JUST', 'EVEN', 'WHILE', 'SINCE', 'UNTIL', 'TILL', 'BEFORE', 'AFTER', 'NOW', 'THEN',
]);
const WRONG_NUMBER_COURTESY = alt([
  'SORRY', 'SRY', 'BUDDY', 'PAL', 'BRO', 'DUDE', 'MAN', 'FRIEND', 'MY FRIEND', 'LOL', 'HAHA', 'LMAO', 'PLEASE', 'PLS', 'MATE', 'SIR',
  'MAAM', 'HI', 'HEY', 'HELLO', 'NO', 'NOPE', 'UM', 'UMM', 'UH', 'I THINK', 'OOPS', 'BUT', 'THANKS', 'OK', 'OKAY', 'JUST', 'FYI',
  'IM AFRAID', 'AGAIN', 'I BELIEVE', 'HONEY', 'HUN', 'SWEETIE', 'MISTER', 'MAM', 'STILL', 'SORRY BUT', 'YEAH', 'SO',
]);

export const ENGLISH_PHRASE_RULES: readonly PhraseRule[] = defineRules('en', EN_VOCABULARY, [
  // "stop texting me", "quit calling", "stop f***ing texting my number"
  {
    id: 'phrase.stop_contacting_me',
    pattern: `\\b${STOP_VERB} (?:${INTENSIFIER} )?${CONTACT_ING}${AND_MORE(CONTACT_ING)}(?: (?<obj>${OBJECT}))?\\b`,
    tail: 'object', negatable: true, imperative: true, channelSpecific: true,
  },
  // "stop sending me these texts", "please stop the calls", "sick of your spam", "don't send me texts"
  {
    id: 'phrase.stop_messages',
    pattern: `\\b(?:${STOP_VERB}|${alt(['DONT SEND', 'DO NOT SEND', 'NEVER SEND', 'PLEASE DONT SEND', 'HOW DO I BLOCK'])})(?: (?:SENDING|SEND|WITH|GETTING|RECEIVING|ALL))?(?: (?:ME|US))?(?: ${INTENSIFIER})? ${EN_MESSAGE_PHRASE}\\b`,
    tail: 'conditional', negatable: true, imperative: true, channelSpecific: true,
  },
  // "enough with the texts", "I'm sick of these calls"
  {
    id: 'phrase.stop_messages',
    pattern: `\\b${alt(['ENOUGH', 'ENOUGH WITH', 'SICK OF', 'TIRED OF', 'FED UP WITH', 'SICK AND TIRED OF', 'SO DONE WITH'])}(?: (?:GETTING|RECEIVING|ALL))?(?: ${INTENSIFIER})? ${EN_MESSAGE_PHRASE}\\b`,
    tail: 'conditional', negatable: true, channelSpecific: true,
  },
  // "stop sending these", "quit sending me this"
  {
    id: 'phrase.stop_messages',
    pattern: `\\b${STOP_VERB} (?:SENDING|SEND)(?: (?:ME|US))? ${alt(['THESE', 'THIS', 'THEM', 'THOSE', 'THAT', 'THIS STUFF', 'THESE THINGS', 'ALL THIS', 'ALL THESE', 'ALL OF THIS', 'ALL OF THESE', 'IT'])}\\b`,
    tail: 'exact', negatable: true, imperative: true, channelSpecific: true,
  },
  // "stop sending me" (with nothing else)
  { id: 'phrase.stop_messages', pattern: `\\b${STOP_VERB} (?:SENDING|SEND) (?:ME|US|THIS NUMBER|TO THIS NUMBER|TO ME)(?: (?:ANYTHING|STUFF|THINGS))?\\b`, tail: 'exact', negatable: true },
  // "no more texts", "no further calls please"
  {
    id: 'phrase.no_more_messages',
    pattern: `\\b${alt(['NO MORE', 'NOMORE', 'NO FURTHER', 'NO MORE OF', 'NOT ANY MORE', 'NOT ANYMORE'])} ${EN_MESSAGE_PHRASE}\\b`,
    tail: 'conditional', negatable: true, channelSpecific: true,
  },
  // "no more of these", "no more of this"
  { id: 'phrase.no_more_messages', pattern: `\\b(?:NO MORE|NO MORE OF) (?:OF )?(?:THESE|THIS|THAT|IT|THEM|THOSE|THIS STUFF|THIS CRAP|YOUR STUFF|YOUR CRAP|THIS SHIT)\\b`, tail: 'exact', negatable: true },
  // "no texts please", "no calls" as the whole request. "So no messages yet?", "No calls today?" report what
  // came in (none); beside other sentences the request is not clear enough (review).
  {
    id: 'phrase.no_more_messages',
    pattern: `^(?:${alt(['PLEASE', 'PLS', 'PLZ', 'JUST', 'OK'])} )*(?:NO|ZERO) ${alt(['TEXTS', 'TEXTING', 'TEXT', 'TXTS', 'MESSAGES', 'CALLS', 'CALLING', 'PHONE CALLS', 'CONTACT', 'SOLICITING', 'SOLICITATION', 'SOLICITATIONS', 'SPAM', 'MARKETING', 'ROBOCALLS', 'TEXT MESSAGES', 'SMS', 'SOLICITORS'])}\\b`,
    tail: 'exact', channelSpecific: true, alone: true, questionNone: true,
    tailNone: `^(?:YET|TODAY|TONIGHT|SO FAR|FROM|ON|IN|RECEIVED|CAME|COMING|ARRIVED|SINCE|LATELY|RECENTLY|EITHER|THOUGH|FOR ME|HERE|AT ALL)\\b`,
  },
  // "I don't want these texts", "I no longer wish to receive messages", "don't want to be contacted"
  {
    id: 'phrase.dont_want_messages',
    pattern: `\\b${alt(['DONT', 'DO NOT', 'DONOT', 'NO LONGER', 'DONT EVER', 'DO NOT EVER', 'NEVER'])}(?: EVER)? ${alt(['WANT', 'WISH', 'NEED', 'LIKE', 'CARE FOR', 'CONSENT TO'])}(?: TO (?:GET|RECEIVE|KEEP GETTING|KEEP RECEIVING)| GETTING| RECEIVING)? ${EN_MESSAGE_PHRASE}\\b`,
    tail: 'conditional', channelSpecific: true,
  },
  {
    id: 'phrase.dont_want_messages',
    pattern: `\\b${alt(['DONT', 'DO NOT', 'DONOT', 'NO LONGER'])} ${alt(['WANT', 'WISH', 'NEED', 'LIKE', 'CONSENT'])} TO (?:BE (?:CONTACTED|TEXTED|CALLED|MESSAGED|BOTHERED|EMAILED|SPAMMED|ON YOUR LIST|ON THIS LIST|ON THE LIST|ON ANY LIST|SOLICITED)|HEAR FROM (?:YOU|YOU GUYS|YALL|YOUR COMPANY|U|YOU PEOPLE)|RECEIVE|GET)\\b`,
    tail: 'conditional',
  },
  // "remove me", "cancel me", "delete me from your list"
  {
    id: 'phrase.remove_me',
    pattern: `\\b${alt(['REMOVE', 'RMV', 'REMOV', 'DELETE', 'ERASE', 'SCRUB', 'PURGE', 'EXCLUDE', 'UNLIST', 'UNENROLL', 'DISENROLL', 'CANCEL', 'WIPE', 'REMOVEE'])} (?:ME+|US|MYSELF|ME AND MY (?:WIFE|HUSBAND|FAMILY))\\b|\\bREMOVEME\\b`,
    tail: 'scoped', negatable: true, imperative: true,
  },
  // "remove", "please remove from list" (the bare verb as the whole request)
  { id: 'phrase.remove_me', pattern: `^(?:${COURTESY} )*${alt(['REMOVE', 'RMV', 'UNLIST', 'DELETE ME', 'REMOVE ME'])}\\b`, tail: 'exact' },
  // "I want off your list", "I'd like to be removed from your list"
  {
    id: 'phrase.take_me_off',
    pattern: `\\b${alt(['WANT', 'WANNA', 'NEED', 'WOULD LIKE', 'D LIKE', 'ID LIKE', 'LIKE', 'WISH', 'ASK', 'ASKED', 'ASKING'])} (?:TO BE |TO GET |TO GO )?${alt(['OFF', 'OUT OF', 'REMOVED', 'REMOVED FROM', 'TAKEN OFF', 'TAKEN OFF OF', 'DELETED', 'DELETED FROM', 'UNSUBSCRIBED', 'UNSUBSCRIBED FROM'])}\\b`,
    tail: 'strict', negatable: true,
  },
  // "I have asked to be removed", "I want to be taken off"
  {
    id: 'phrase.take_me_off',
    pattern: `\\bTO BE ${alt(['REMOVED', 'TAKEN OFF', 'TAKEN OFF OF', 'UNSUBSCRIBED', 'DELETED', 'LEFT ALONE', 'OPTED OUT', 'TAKEN OUT', 'ERASED', 'DROPPED'])}\\b`,
    tail: 'strict', negatable: true,
  },
  // "take me off your list", "get me off this list", "take this number off"
  {
    id: 'phrase.take_me_off',
    pattern: `\\b${alt(['TAKE', 'TAKES', 'TAKEN', 'GET', 'GIT', 'PULL', 'KICK', 'PUT', 'REMOVE', 'DELETE', 'CROSS', 'STRIKE', 'SCRATCH'])} (?:ME|US|MY NAME|MY NUMBER|MY NAME AND NUMBER|MY INFO|THIS NUMBER|MY PHONE NUMBER|MY CELL|MY CELL NUMBER|MY NUM|THIS PHONE NUMBER)(?: RIGHT)? ${alt(['OFF', 'OFF OF', 'OUTTA', 'OUT OF'])}\\b`,
    tail: 'strict', negatable: true, imperative: true,
  },
  // "unsubscribe me", "how do I unsubscribe", "I unsubscribed already"
  {
    id: 'phrase.unsubscribe_me',
    pattern: `\\b${alt(['UNSUBSCRIBE', 'UNSUBSCRIBED', 'UNSUBSCRIBING', 'UNSUB', 'UNSUBBED', 'UNSUBBING', 'UNSUBSCRIPTION', 'UNSUBSCRIBEME', 'UN SUBSCRIBE', 'UNSUSCRIBE', 'UNSUBCRIBE', 'UNSUBSRIBE', 'UNSUBSCRIBER', 'UNSUBSCRIBE ME'])}(?: (?:ME|US|MY NUMBER|THIS NUMBER|MYSELF))?\\b`,
    tail: 'scoped', negatable: true,
  },
  // "opt me out", "I'm opting out", "I opted out last week"
  {
    id: 'phrase.opt_me_out',
    pattern: `\\b(?:OPT|OPTING|OPTED|OPTS)(?: (?:ME|US|MY NUMBER|THIS NUMBER|MYSELF|MY PHONE))? OUT\\b|\\bOPTOUT\\b`,
    tail: 'scoped', negatable: true,
  },
  // "do not text me", "don't ever call this number again", "never contact me"
  {
    id: 'phrase.do_not_contact',
    pattern: `\\b${alt(['DONT', 'DO NOT', 'DONOT', 'DNT', 'DOMT', 'DONT YOU', 'DONT EVEN', 'NEVER', 'NEVER EVER', 'DONT EVER', 'DO NOT EVER', 'DONT YOU EVER', 'DO NOT EVEN', 'NO NEED TO', 'STOP TRYING TO', 'QUIT TRYING TO'])}(?: EVER)?(?: ${INTENSIFIER})? ${CONTACT_BASE_WIDE}${AND_MORE(CONTACT_BASE_WIDE)} (?<obj>${OBJECT})\\b`,
    tail: 'object', imperative: true, channelSpecific: true,
  },
  {
    id: 'phrase.do_not_contact',
    pattern: `\\b${alt(['DONT', 'DO NOT', 'DONOT', 'DNT', 'NEVER', 'DONT EVER', 'DO NOT EVER'])} ${CONTACT_BASE_BARE}\\b(?! (?:${OBJECT})\\b)`,
    tail: 'strict', imperative: true, channelSpecific: true,
  },
  // "leave me alone", "leave me the f*** alone", "leave us be"
  {
    id: 'phrase.leave_me_alone',
    pattern: `\\b${alt(['LEAVE', 'LEAVES', 'LEAV', 'LEVE', 'LEAVING', 'JUST LEAVE'])} (?:ME|US|MY FAMILY|MY NUMBER|ME AND MY FAMILY)(?: ${alt(['THE FUCK', 'TF', 'THE HELL', 'THE HECK', 'THE F', 'THE FRICK', 'THE FREAK', 'FUCKING', 'ALONE'])})? (?:ALONE+|ALON|ALOME|BE|IN PEACE)\\b`,
    negatable: true,
  },
  // "wrong number", "sorry, wrong person", "this is the wrong number"
  {
    id: 'phrase.wrong_number',
    pattern: `^(?:${WRONG_NUMBER_COURTESY} )*(?:${alt(['THIS IS', 'THIS', 'THATS', 'THAT IS', 'IT IS', 'ITS', 'YOU HAVE', 'YOUVE GOT', 'YOUVE', 'YOU GOT', 'YOU HAVE GOT', 'U HAVE', 'U GOT', 'YA GOT', 'GOT', 'SENT TO', 'U GOT THE', 'DEFINITELY', 'TOTALLY', 'THINK YOU HAVE'])} )?(?:THE |A |AN )?(?:WRONG|WRONGE|WRONGG|INCORRECT|RONG) ${WRONG_NUMBER_THING}(?: ${WRONG_NUMBER_COURTESY})*$`,
  },
  // "wrong phone" is a clear revocation only as the whole message; beside other sentences, a review
  {
    id: 'phrase.wrong_number',
    pattern: `^(?:${WRONG_NUMBER_COURTESY} )*(?:${alt(['THIS IS', 'THIS', 'THATS', 'THAT IS', 'IT IS', 'ITS', 'YOU HAVE', 'YOUVE GOT', 'YOUVE', 'YOU GOT', 'YOU HAVE GOT', 'U HAVE', 'U GOT', 'YA GOT', 'GOT', 'SENT TO', 'U GOT THE', 'DEFINITELY', 'TOTALLY', 'THINK YOU HAVE'])} )?(?:THE |A |AN )?(?:WRONG|WRONGE|WRONGG|INCORRECT|RONG) ${WRONG_DEVICE_THING}(?: ${WRONG_NUMBER_COURTESY})*$`,
    alone: true,
  },
  // "you have the wrong number", "you're texting the wrong person"
  {
    id: 'phrase.wrong_number',
    pattern: `\\b${alt(['YOU', 'U', 'YA', 'YALL', 'YOUVE', 'YOURE', 'UR', 'YOU VE', 'YOU ARE', 'YOU R', 'U R', 'U ARE', 'YOU GUYS', 'YOU GUYS HAVE'])}(?: ${alt(['HAVE', 'HAV', 'HAS', 'VE', 'GOT', 'GOTS', 'HAVE GOT', 'TEXTED', 'TXTED', 'TEXTING', 'TXTING', 'CALLED', 'CALLING', 'MESSAGED', 'MESSAGING', 'REACHED', 'DIALED', 'DIALLED', 'ARE', 'R', 'SENT THIS TO', 'SENT THAT TO', 'SENT IT TO', 'SENT THIS MESSAGE TO', 'SENT THIS TEXT TO', 'HAVE BEEN', 'BEEN', 'KEEP', 'KEEP ON', 'CONTACTED', 'CONTACTING', 'MUST', 'MUST HAVE', 'PROBABLY', 'PROBABLY HAVE', 'GOT A HOLD OF', 'MAY HAVE', 'MIGHT HAVE', 'SEEM TO HAVE', 'EMAILED', 'HAVE THE'])})+(?: THE| A| AN| TO THE| TO A)? (?:WRONG|INCORRECT) ${WRONG_THING}\\b`,
    tail: 'scoped', negatable: true,
  },
  // "no one by that name here", "this isn't his number anymore", "not the right person"
  {
    id: 'phrase.wrong_person',
    pattern: `\\b(?:NO ONE|NOONE|NOBODY|NO BODY)(?: HERE| AT THIS NUMBER| LIVES HERE| IN THIS HOUSE)? (?:(?:BY|WITH|OF|UNDER) (?:THAT|THE|THIS|SUCH A) NAME|(?:NAMED|CALLED|BY THE NAME(?: OF)?) (?!${NOT_A_NAME}\\b)[A-Z]+(?: (?!${NOT_A_NAME}\\b)[A-Z]+)?(?= HERE| AT THIS NUMBER| LIVES HERE| ${WRONG_NUMBER_COURTESY}|$))|\\bNOT (?:THE RIGHT|THE CORRECT) (?:NUMBER|PERSON|GUY|CONTACT|PHONE)\\b|\\bNOT WHO YOU(?: RE| ARE)? (?:THINK|LOOKING FOR|WANT)\\b|\\b(?:DONT|DO NOT) KNOW (?:ANY|ANYONE|ANYBODY|A) (?:NAMED|CALLED|BY THAT NAME)\\b|\\b(?:THIS )?(?:ISNT|IS NOT|IS NO LONGER|NOT) (?:HIS|HER|THEIR|THAT PERSONS) (?:NUMBER|PHONE|CELL)\\b|\\b(?:DOESNT|DOES NOT|NO LONGER|DONT|DO NOT) (?:HAVE|HAS|USE|USES|OWN|OWNS) THIS (?:NUMBER|PHONE)\\b|\\bNEW (?:OWNER|PERSON|USER) OF THIS NUMBER\\b|\\bTHATS NOT MY NAME\\b`,
    tail: 'scoped',
  },
  // "lose my number", "forget this number"
  { id: 'phrase.lose_my_number', pattern: `\\b${alt(['LOSE', 'LOOSE', 'FORGET', 'BURN', 'TRASH', 'DITCH', 'SHRED', 'TOSS'])} (?:MY|THIS)(?: PHONE| CELL| MOBILE)? ${alt(['NUMBER', 'NUMBR', 'NUM', 'PHONE NUMBER', 'DIGITS', 'CONTACT', 'CONTACT INFO'])}\\b`, negatable: true },
  // "delete my number", "remove this number from your system"
  {
    id: 'phrase.delete_my_number',
    pattern: `\\b${alt(['DELETE', 'ERASE', 'REMOVE', 'WIPE', 'SCRUB', 'PURGE', 'CLEAR'])} (?:MY|THIS)(?: PHONE| CELL| MOBILE)? ${alt(['NUMBER', 'NUMBR', 'NUM', 'NO', 'PHONE NUMBER', 'CONTACT', 'CONTACT INFO', 'CONTACT INFORMATION', 'INFO', 'INFORMATION', 'DETAILS', 'DATA', 'NAME AND NUMBER', 'PHONE', 'CELL'])}\\b`,
    tail: 'scoped', negatable: true, imperative: true,
  },
  // "I never signed up (for this)", "I didn't give you permission to text me"
  {
    id: 'phrase.never_signed_up',
    pattern: `\\b${alt(['NEVER', 'DIDNT', 'DID NOT', 'DIDNOT', 'HAVE NEVER', 'NEVER EVER', 'DONT REMEMBER', 'DO NOT REMEMBER', 'NEVER EVEN', 'DID NOT EVER', 'DIDNT EVER'])}(?: EVER)? (?:${alt(['SIGNED UP', 'SIGN UP', 'SIGNED', 'SUBSCRIBED', 'SUBSCRIBE', 'OPTED IN', 'OPT IN', 'OPTED', 'AGREED', 'AGREE', 'CONSENTED', 'CONSENT', 'REQUESTED', 'REQUEST', 'REGISTERED', 'REGISTER', 'AUTHORIZED', 'AUTHORIZE', 'INQUIRED', 'FILLED OUT', 'APPLIED', 'ASKED FOR', 'ASK FOR', 'ASKED TO BE', 'ASK TO BE'])}|(?:GAVE|GIVE)(?: YOU| YALL| U| ANYONE)? (?:MY NUMBER|PERMISSION|CONSENT|MY CONSENT|MY PERMISSION|THIS NUMBER|MY INFO|OUT MY NUMBER))\\b`,
    tail: 'scoped', scopedOther: 'none',
  },
  // "who is this? stop" as one run-on text
  {
    id: 'phrase.who_is_this_stop',
    scope: 'message',
    pattern: `^(?:${COURTESY} )*(?:WHO|WHOS|WHO S|WHO DIS|WHO THIS)(?: ${alt(['IS', 'S', 'R', 'ARE', 'IS THIS', 'THIS IS', 'THIS', 'DIS', 'THE HELL IS THIS', 'THE FUCK IS THIS', 'TF IS THIS', 'IS IT', 'ARE YOU', 'R U', 'AGAIN'])})*(?: (?:THIS|DIS|IT|YOU|U))? (?:STOP|UNSUBSCRIBE|STOPALL)(?: ${COURTESY})*$`,
  },
  // "I said stop", "how many times do I have to say stop"
  {
    id: 'phrase.i_said_stop',
    pattern: `\\b${alt(['I SAID', 'I SAY', 'SAID', 'I TOLD YOU', 'TOLD YOU', 'I TOLD YALL', 'I ASKED YOU', 'I ASKED', 'I REPLIED', 'I TEXTED', 'I SENT', 'I WROTE', 'ALREADY SAID', 'I ALREADY SAID', 'I ALREADY TOLD YOU', 'I HAVE SAID', 'IVE SAID', 'I HAVE TOLD YOU', 'IVE TOLD YOU', 'I ALREADY REPLIED', 'I ALREADY TEXTED', 'I ALREADY SENT', 'HOW MANY TIMES DO I HAVE TO SAY', 'HOW MANY TIMES DO I NEED TO SAY', 'HOW MANY TIMES DO I HAVE TO TELL YOU', 'HOW MANY TIMES', 'I KEEP SAYING', 'I KEEP TELLING YOU', 'I TOLD U', 'I ASKED U'])}(?: (?:YOU|YALL|U))?(?: (?:TO|ALREADY|BEFORE|TWICE|MULTIPLE TIMES|SEVERAL TIMES))*(?: TO)? (?:STOP|UNSUBSCRIBE|STOPALL|OPT OUT|REMOVE ME|QUIT|END|CANCEL)\\b`,
    tail: 'exact',
    tailOk: `^(?:TWICE|THRICE|BEFORE|ALREADY|YESTERDAY|LAST (?:WEEK|MONTH|TIME|NIGHT)|\\d+ TIMES|(?:MULTIPLE|SEVERAL|MANY|A FEW|FEW|THREE|TWO|FOUR|FIVE|\\d+) TIMES|A (?:WEEK|MONTH|YEAR) AGO|\\w+ (?:DAYS|WEEKS|MONTHS) AGO|TO YOU|AND\\b.*|BUT\\b.*|WHY\\b.*)(?: .*)?$`,
  },
  // "make it stop", "I want these texts to stop", "I need you to stop"
  {
    id: 'phrase.want_it_to_stop',
    pattern: `\\b${alt(['WANT', 'WANNA', 'NEED', 'NEEDS', 'WOULD LIKE', 'D LIKE', 'ID LIKE', 'ASKING', 'ASKED', 'ASK', 'TELLING', 'TOLD', 'BEGGING', 'BEG', 'MAKE', 'PLEASE MAKE', 'HOW DO I MAKE', 'HOW CAN I MAKE', 'HOW DO I GET', 'HOW CAN I GET'])}(?: (?:${alt(['YOU', 'U', 'YALL', 'YOU GUYS', 'YOU ALL', 'YOU PEOPLE', 'THIS', 'IT', 'THESE', 'THEM', 'ALL THIS', 'ALL OF THIS', 'ALL OF IT'])}|${EN_MESSAGE_PHRASE}))?(?: TO)? (?:STOP|END|CEASE|QUIT)\\b`,
    tail: 'exact', negatable: true,
  },
  // "why won't you stop", "why don't you stop texting me" ("why don't you stop by" is an invitation)
  {
    id: 'phrase.why_wont_you_stop',
    pattern: `\\bWHY (?:WONT|WILL NOT|DONT|DO NOT|CANT|CAN NOT|CANNOT)(?: (?:YOU|U|YALL|YOU GUYS|YOU PEOPLE|THEY))? (?:STOP|LEAVE ME ALONE|QUIT)\\b`,
    tail: 'listed', tailOk: CONTACT_TAIL,
  },
  // "when will these texts stop", "when are you going to stop texting me"
  {
    id: 'phrase.why_wont_you_stop',
    pattern: `\\bWHEN (?:WILL|DOES|DO|IS|ARE) (?:${MESSAGES_SUBJECT})(?: GOING TO| GONNA| EVER)? (?:STOP|END)\\b|\\bWHEN (?:WILL|ARE|R) (?:YOU|U|YALL|YOU GUYS|YOU PEOPLE|THEY)(?: GOING TO| GONNA| EVER)? STOP (?=${CONTACT_ING}\\b)`,
    tail: 'listed', tailOk: CONTACT_TAIL,
  },
  // "when will this stop" on its own reads as a complaint about the texts; inside a longer message it may be
  // about anything ("…the music, when will this stop"): a review. Any other subject is an ordinary question
  // ("when will the noise stop", "when is it going to stop raining").
  {
    id: 'phrase.why_wont_you_stop',
    pattern: `\\bWHEN (?:WILL|IS) (?:THIS|IT|YOU|U|YALL|YOU GUYS|THEY)(?: GOING TO| GONNA| EVER)? STOP\\b`,
    tail: 'listed', alone: true,
  },
  // "when does this end?": most likely a question about an offer; a person reads it.
  { id: 'review.when_will_it_end', pattern: `\\bWHEN (?:WILL|DOES|IS) (?:THIS|IT|YOU|U|YALL|YOU GUYS)(?: GOING TO| GONNA| EVER)? END\\b`, tail: 'listed' },
  // "put me on your do not call list", "I'm on the do not call registry", "DNC"
  {
    id: 'phrase.do_not_call_list',
    pattern: `\\b${alt(['DO NOT CALL', 'DONT CALL', 'DO NOT CONTACT', 'DONT CONTACT', 'DO NOT TEXT', 'DONT TEXT', 'DNC', 'NO CALL', 'NO CONTACT', 'OPT OUT', 'OPTOUT', 'SUPPRESSION', 'DO NOT DISTURB', 'DONOTCALL', 'DO NOT SOLICIT', 'DO NOT CALL ME'])} ${alt(['LIST', 'REGISTRY', 'REGISTER', 'LIST REGISTRY'])}\\b|^(?:${COURTESY} )*(?:DNC|DND)(?: ${COURTESY})*$`,
    negatable: true,
  },
  // "this is harassment"
  {
    id: 'phrase.harassment',
    pattern: `\\b${alt(['THIS IS', 'THIS IS CONSIDERED', 'THATS', 'ITS', 'IT IS', 'THIS IS NOW', 'THIS IS BORDERLINE', 'THIS IS LITERALLY', 'BORDERLINE', 'STRAIGHT UP', 'CONSIDER THIS', 'THIS IS STRAIGHT UP', 'THIS IS JUST'])}(?: ${INTENSIFIER})? HARASSMENT\\b|^(?:${COURTESY} )*HARASSMENT(?: ${COURTESY})*$`,
  },
  // "this violates the TCPA", "cease and desist"
  {
    id: 'phrase.legal_threat',
    pattern: `\\b${alt(['TCPA', 'FCC', 'FTC', 'CEASE AND DESIST', 'CEASE DESIST', 'SUE YOU', 'SUING YOU', 'SUE YOUR COMPANY', 'SUE YALL', 'LAWSUIT', 'CLASS ACTION', 'ATTORNEY GENERAL', 'VIOLATION OF THE LAW', 'TELEPHONE CONSUMER PROTECTION ACT'])}\\b`,
    negatable: true,
  },
]);
