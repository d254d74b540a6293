import { describe, expect, it } from 'vitest';
import {
  classifyInboundText,
  DEFAULT_CLASSIFIER_SETTINGS,
  type ClassifierSettings,
} from '../../../src/domain/classification/classify-inbound-text.js';

const settings = DEFAULT_CLASSIFIER_SETTINGS;
const notOptedOut = { optedOut: false };
const optedOut = { optedOut: true };

/** [text, listed keyword] — each opts out by tier 1 (source 'keyword'). */
const OPT_OUT_KEYWORDS: Array<[string, string]> = [
  ['STOP', 'STOP'], ['stop', 'STOP'], ['Stop', 'STOP'], ['sToP', 'STOP'], ['STOP!!!', 'STOP'], ['  stop.  ', 'STOP'],
  ['¡STOP!', 'STOP'], ['¿stop?', 'STOP'], ['ＳＴＯＰ', 'STOP'], ['ｓｔｏｐ', 'STOP'], ['S\u200BTOP', 'STOP'], ['ST\u200COP', 'STOP'],
  ['S\u200DTOP', 'STOP'], ['STO\u2060P', 'STOP'], ['\uFEFFSTOP', 'STOP'], ['sto\u00ADp', 'STOP'], ['Stop\n', 'STOP'], ['\tstop\r\n', 'STOP'],
  ['"STOP"', 'STOP'], ["'stop'", 'STOP'], ['(stop)', 'STOP'], ['[STOP]', 'STOP'], ['*STOP*', 'STOP'], ['...stop...', 'STOP'],
  ['stop :)', 'STOP'], ['stop!?', 'STOP'], ['«STOP»', 'STOP'], ['STOP。', 'STOP'], ['ˢᵗᵒᵖ', 'STOP'], ['𝐒𝐓𝐎𝐏', 'STOP'],
  ['\u00A0STOP\u00A0', 'STOP'], ['\u3000STOP', 'STOP'], ['STOP\u200E', 'STOP'], ['-STOP-', 'STOP'], ['~stop~', 'STOP'], ['stop…', 'STOP'],
  ['stopall', 'STOPALL'], ['STOPALL', 'STOPALL'], ['StopAll!', 'STOPALL'], ['ＳＴＯＰＡＬＬ', 'STOPALL'],
  ['unsubscribe', 'UNSUBSCRIBE'], ['UNSUBSCRIBE', 'UNSUBSCRIBE'], ['Unsubscribe.', 'UNSUBSCRIBE'], ['unsubscribe??', 'UNSUBSCRIBE'],
  ['Ｕｎｓｕｂｓｃｒｉｂｅ', 'UNSUBSCRIBE'], ['UNSUB\u200BSCRIBE', 'UNSUBSCRIBE'],
  ['cancel', 'CANCEL'], ['CANCEL', 'CANCEL'], ['Cancel!', 'CANCEL'], ['cancel.', 'CANCEL'],
  ['end', 'END'], ['END', 'END'], ['End.', 'END'], ['end!!!', 'END'],
  ['quit', 'QUIT'], ['QUIT', 'QUIT'], ['Quit!', 'QUIT'],
  ['revoke', 'REVOKE'], ['REVOKE', 'REVOKE'], ['Revoke.', 'REVOKE'],
  ['optout', 'OPTOUT'], ['OPTOUT', 'OPTOUT'], ['OptOut', 'OPTOUT'],
  ['opt out', 'OPT OUT'], ['OPT OUT', 'OPT OUT'], ['Opt Out!', 'OPT OUT'], ['OPT   OUT', 'OPT OUT'], ['opt\tout', 'OPT OUT'],
  ['opt\nout', 'OPT OUT'], ['OPT\u00A0OUT', 'OPT OUT'], ['opt\u200B out', 'OPT OUT'],
  ['opt-out', 'OPT-OUT'], ['OPT-OUT', 'OPT-OUT'], ['Opt-Out.', 'OPT-OUT'], ['ＯＰＴ－ＯＵＴ', 'OPT-OUT'],
];

describe('tier 1: exact opt-out keywords (DESIGN rule 2)', () => {
  it.each(OPT_OUT_KEYWORDS)('%j opts out with keyword %s', (text, keyword) => {
    expect(classifyInboundText(text, settings, notOptedOut)).toEqual({ action: 'opted_out', source: 'keyword', keyword, rule: null, language: 'en' });
  });

  it.each(OPT_OUT_KEYWORDS.slice(0, 12))('%j still opts out a number that is already opted out', (text, keyword) => {
    expect(classifyInboundText(text, settings, optedOut)).toMatchObject({ action: 'opted_out', source: 'keyword', keyword });
  });
});

describe('tier 1: opt-in and help keywords', () => {
  it.each([
    ['START', 'START'], ['start', 'START'], ['Start.', 'START'], ['ＳＴＡＲＴ', 'START'], ['UNSTOP', 'UNSTOP'], ['unstop!', 'UNSTOP'],
  ])('%j opts in (even when the number is not opted out)', (text, keyword) => {
    expect(classifyInboundText(text, settings, optedOut)).toEqual({ action: 'opted_in', keyword, language: 'en' });
    expect(classifyInboundText(text, settings, notOptedOut)).toEqual({ action: 'opted_in', keyword, language: 'en' });
  });

  it.each(['YES', 'yes', 'Yes!', ' yes. ', 'ＹＥＳ'])('%j opts in only an opted-out number', (text) => {
    expect(classifyInboundText(text, settings, optedOut)).toEqual({ action: 'opted_in', keyword: 'YES', language: 'en' });
    expect(classifyInboundText(text, settings, notOptedOut)).toEqual({ action: 'none' });
  });

  it.each([['HELP', 'HELP'], ['help', 'HELP'], ['Help!', 'HELP'], ['INFO', 'INFO'], ['info?', 'INFO'], ['Ｈｅｌｐ', 'HELP']])('%j gets the help reply', (text, keyword) => {
    expect(classifyInboundText(text, settings, notOptedOut)).toEqual({ action: 'help', keyword, language: 'en' });
    expect(classifyInboundText(text, settings, optedOut)).toEqual({ action: 'help', keyword, language: 'en' });
  });
});

describe('tier 1 never fires on words that only contain a keyword', () => {
  it.each([
    'Stopwatch', 'END OF YEAR SALE?', 'Stop by', 'Stop by anytime', 'Stopping by', 'Ended', 'Endless summer', 'Cancelled?', 'Quitting time',
    'Yes please send the quote', 'Yes, Tuesday works', 'Started yet?', 'Starting Monday', 'Helpful, thanks', 'Information please?', 'Unstoppable',
    'Weekend', 'Revoked?', 'Optimal', 'Stopover in Denver',
  ])('%j is not a tier-1 keyword', (text) => {
    const result = classifyInboundText(text, settings, notOptedOut);
    expect(result.action === 'opted_out' && result.source === 'keyword').toBe(false);
    expect(result.action === 'opted_in' || result.action === 'help').toBe(false);
  });
});

describe('tier 1 follows the organization’s lists', () => {
  const custom: ClassifierSettings = {
    optOutKeywords: ['STOP', 'REMOVE', 'Baja', 'ARRÊT'],
    optInKeywords: ['START', 'SUBSCRIBE'],
    helpKeywords: ['HELP', 'SUPPORT'],
    languages: ['en', 'es', 'fr'],
  };

  it('uses the custom opt-out keywords, reporting them as listed and in their language', () => {
    expect(classifyInboundText('remove!', custom, notOptedOut)).toEqual({ action: 'opted_out', source: 'keyword', keyword: 'REMOVE', rule: null, language: 'en' });
    expect(classifyInboundText('baja', custom, notOptedOut)).toEqual({ action: 'opted_out', source: 'keyword', keyword: 'Baja', rule: null, language: 'es' });
    expect(classifyInboundText('Arrêt', custom, notOptedOut)).toEqual({ action: 'opted_out', source: 'keyword', keyword: 'ARRÊT', rule: null, language: 'fr' });
  });

  it('uses the custom opt-in and help keywords', () => {
    expect(classifyInboundText('subscribe', custom, optedOut)).toEqual({ action: 'opted_in', keyword: 'SUBSCRIBE', language: 'en' });
    expect(classifyInboundText('Support?', custom, notOptedOut)).toEqual({ action: 'help', keyword: 'SUPPORT', language: 'en' });
  });

  it('no longer opts out by tier 1 on a keyword the organization removed (tier 2 may still review it)', () => {
    const result = classifyInboundText('CANCEL', custom, notOptedOut);
    expect(result.action).not.toBe('opted_out');
    expect(result).toEqual({ action: 'review', rule: 'review.cancel', language: 'en' });
    expect(classifyInboundText('END', custom, notOptedOut)).toEqual({ action: 'review', rule: 'review.end', language: 'en' });
  });

  it('lets opt-out win when a keyword is in two lists', () => {
    const clash: ClassifierSettings = { ...custom, optInKeywords: ['STOP', 'START'], helpKeywords: ['STOP'] };
    expect(classifyInboundText('stop', clash, notOptedOut)).toMatchObject({ action: 'opted_out', keyword: 'STOP' });
  });

  it('reports a Spanish keyword as English when Spanish is not an active language', () => {
    expect(classifyInboundText('BAJA', { ...custom, languages: ['en'] }, notOptedOut)).toMatchObject({ action: 'opted_out', keyword: 'Baja', language: 'en' });
  });
});
