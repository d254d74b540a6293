import { alt } from './rule-regex.js';

/** Words that add nothing to a short reply: "stop PLEASE", "OK stop", "STOP IT NOW", "no stop". */
export const EN_COURTESY = [
  'PLEASE', 'PLEASEE', 'PLEASEEE', 'PLEEASE', 'PLEAS', 'PLS', 'PLSS', 'PLZ', 'PLZZ', 'PWEASE',
  'NOW', 'RIGHT NOW', 'RN', 'ASAP', 'PRONTO', 'IMMEDIATELY', 'AT ONCE',
  'IT', 'THIS', 'ALL', 'ALREADY', 'AGAIN', 'ANYMORE', 'ANY MORE', 'EVERYTHING',
  'THANKS', 'THANK YOU', 'THANKYOU', 'THANK U', 'THANKS ANYWAY', 'THX', 'TY', 'TYVM', 'TNX', 'THNX', 'THANKS IN ADVANCE',
  'OK', 'OKAY', 'OKAYY', 'OKE', 'KK', 'K', 'JUST', 'SO', 'OH', 'HI', 'HELLO', 'HEY', 'HEYY', 'SORRY', 'SRY',
  'SIR', 'MAAM', 'MADAM', 'MISS', 'BRO', 'BRUH', 'DUDE', 'MAN', 'BUDDY', 'PAL', 'MATE', 'GUYS', 'YOU GUYS', 'YALL', 'Y ALL', 'FOLKS',
  'NO', 'NOPE', 'NAH', 'YES', 'YEAH', 'YEP', 'SERIOUSLY', 'FOR REAL', 'FR', 'FOREVER', 'PERMANENTLY', 'FOR GOOD', 'PERIOD',
  'I SAID', 'SAID', 'OMG', 'OMFG', 'GOD', 'OH MY GOD', 'LOL', 'LMAO', 'UGH', 'UGHH', 'UGHHH', 'JEEZ', 'GEEZ',
];

/** Courtesy words allowed around an opt-in or help keyword ("START please", "HELP!"). */
export const EN_OPT_IN_COURTESY = [
  'PLEASE', 'PLS', 'PLZ', 'THANKS', 'THANK YOU', 'THX', 'TY', 'OK', 'OKAY', 'AGAIN', 'HI', 'HELLO', 'HEY', 'SORRY', 'NOW',
];

/** Messages, calls and their kinds: the things a revocation is about. */
export const EN_MESSAGE_NOUNS = [
  'MESSAGES', 'MESSAGE', 'MESSEGES', 'MESAGES', 'MSGS', 'MSG', 'TEXTS', 'TEXT', 'TXTS', 'TXT', 'TEXT MESSAGES', 'TEXTS MESSAGES',
  'SMS', 'SMSES', 'SPAM', 'JUNK', 'CRAP', 'SHIT', 'BS', 'BULLSHIT', 'NONSENSE', 'HARASSMENT', 'STUFF',
  'PROMOS', 'PROMOTIONS', 'COUPONS', 'ADS', 'ADVERTISEMENTS', 'ADVERTS', 'ADVERTISING', 'OFFERS', 'DEALS', 'NOTIFICATIONS', 'NOTIFS', 'ALERTS',
  'REMINDERS', 'MARKETING', 'CALLS', 'PHONE CALLS', 'EMAILS', 'ROBOCALLS', 'ROBO CALLS', 'SOLICITATIONS', 'SOLICITING', 'SOLICITATION',
  'UPDATES', 'NEWSLETTERS', 'BLASTS', 'TEXT BLASTS', 'VOICEMAILS', 'CONTACT', 'COMMUNICATIONS', 'COMMUNICATION',
];

/** Adjectives people put in front of those nouns. */
export const EN_MESSAGE_ADJECTIVES = [
  'STUPID', 'ANNOYING', 'SPAM', 'SPAMMY', 'AUTOMATED', 'RANDOM', 'MARKETING', 'PROMOTIONAL', 'PROMO', 'DAMN', 'FUCKING', 'FCKING',
  'FREAKING', 'FRICKING', 'CONSTANT', 'ENDLESS', 'DAILY', 'WEEKLY', 'SALES', 'ROBO', 'TEXT', 'DUMB', 'UNWANTED', 'UNSOLICITED',
  'JUNK', 'BS', 'REPEATED', 'NONSTOP', 'NON STOP', 'STUPID ASS', 'CRAPPY', 'SCAM', 'SHADY', 'WEIRD', 'MASS', 'GROUP', 'BULK',
];

export const EN_DETERMINERS = [
  'THE', 'THESE', 'THOSE', 'THIS', 'ALL', 'ALL THE', 'ALL THESE', 'ALL THIS', 'ALL YOUR', 'ALL OF THESE', 'ALL OF THE', 'ALL OF YOUR',
  'YOUR', 'UR', 'ANY', 'ANY MORE', 'ANYMORE', 'SO MANY', 'MORE', 'THAT', 'THEM', 'SUCH', 'FURTHER', 'EVEN MORE', 'ALL THOSE',
];

/** "(the|these) (stupid)? texts" */
export const EN_MESSAGE_PHRASE = `(?:${alt(EN_DETERMINERS)} )?(?:${alt(EN_MESSAGE_ADJECTIVES)} ){0,2}${alt(EN_MESSAGE_NOUNS)}`;

/** The places a number is kept: "(your|this) list", "your database". */
export const EN_LIST_NOUNS = [
  'LIST', 'LISTS', 'LISTING', 'DATABASE', 'DATA BASE', 'SYSTEM', 'SYSTEMS', 'CONTACTS', 'CONTACT LIST', 'MAILING LIST', 'TEXT LIST',
  'TEXTING LIST', 'CALL LIST', 'CALLING LIST', 'SMS LIST', 'MARKETING LIST', 'DISTRIBUTION', 'DISTRIBUTION LIST', 'THING', 'RECORDS',
  'FILES', 'FILE', 'CRM', 'ROSTER', 'SUBSCRIPTION', 'SUBSCRIPTIONS', 'NEWSLETTER', 'GROUP', 'GROUP TEXT', 'GROUP CHAT', 'PROGRAM',
  'CAMPAIGN', 'CAMPAIGNS', 'SERVICE', 'TEXT SERVICE', 'ALERTS', 'TEXT ALERTS', 'LEADS', 'LEAD LIST', 'EVERYTHING', 'DIRECTORY',
];
export const EN_LIST_PHRASE = `(?:${alt(['YOUR', 'UR', 'THE', 'THIS', 'THAT', 'ALL', 'ALL YOUR', 'ALL OF YOUR', 'ANY', 'EVERY', 'THESE', 'YA', 'YOUR COMPANYS', 'YOUR COMPANY', 'YALLS'])} )?(?:${alt(['DAMN', 'FUCKING', 'STUPID', 'SPAM', 'MARKETING', 'CALL', 'TEXT', 'TEXTING', 'CONTACT', 'MAILING', 'EMAIL'])} )?${alt(EN_LIST_NOUNS)}`;
/** What a preposition may point at without a noun: "(for) this", "(from) all of it". */
export const EN_SCOPE_PRONOUNS = alt(['THIS', 'IT', 'THAT', 'ALL OF THIS', 'ALL THIS', 'THESE', 'ALL OF IT', 'ANYTHING', 'EVERYTHING', 'ME', 'US', 'YOU', 'YOU GUYS', 'YALL', 'YOUR COMPANY', 'TEXT', 'CALL', 'CONTACT', 'MESSAGE', 'EMAIL', 'TEXTS', 'CALLS']);

/** The person's own phone: "my number", "this phone". */
export const EN_MY_DEVICE = `(?:MY|THIS|THE) ${alt(['NUMBER', 'NUMBR', 'NUM', 'PHONE', 'PHONE NUMBER', 'CELL', 'CELL PHONE', 'CELLPHONE', 'CELL NUMBER', 'MOBILE', 'MOBILE NUMBER', 'LINE', 'PHONE LINE'])}`;

/** Words that negate a following verb ("don't stop texting me", "why did you stop calling me"). */
export const EN_NEGATORS = new Set([
  'DONT', 'DONOT', 'NOT', 'NEVER', 'CANT', 'CANNOT', 'WONT', 'WOULDNT', 'SHOULDNT', 'DIDNT', 'DID', 'WHY', 'DOESNT', 'ISNT',
  'ARENT', 'WASNT', 'HAVENT', 'HASNT', 'NOONE', 'NOBODY', 'DNT', 'DOMT',
]);
/** A negator after one of these is a threat, not a negation: "if you don't stop texting me…". */
export const EN_NEGATION_CANCELLERS = new Set(['IF', 'UNLESS']);

/** Subjects before a verb mean the text describes someone, it does not ask: "I don't text much", "you never call me". */
export const EN_SUBJECTS = new Set(['I', 'ILL', 'IM', 'ID', 'IVE', 'WELL', 'WE', 'THEY', 'HE', 'SHE', 'YOU', 'U', 'IT', 'WHO', 'PEOPLE', 'USUALLY', 'REALLY', 'GENERALLY', 'OFTEN', 'SOMETIMES', 'MOST', 'PROBABLY']);
