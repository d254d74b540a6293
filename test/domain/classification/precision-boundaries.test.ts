import { describe, expect, it } from 'vitest';
import { classifyInboundText, DEFAULT_CLASSIFIER_SETTINGS, type InboundAction } from '../../../src/domain/classification/classify-inbound-text.js';

/**
 * Each rule family that misfired on real people's texts, tested on both sides of its boundary:
 * the revocation, and the ordinary sentence that shares its words. Where a rule cannot be sure,
 * the text goes to review, never to an opt-out and never to nothing.
 */
const classify = (text: string) => classifyInboundText(text, DEFAULT_CLASSIFIER_SETTINGS, { optedOut: false });
const expectAction = (text: string, action: InboundAction) => expect(classify(text).action, text).toBe(action);

type Cases = ReadonlyArray<readonly [string, InboundAction]>;
const table = (cases: Cases) => it.each(cases)('%j → %s', (text, action) => expectAction(text, action));

describe('questions about when something stops or ends', () => {
  describe('the messages themselves, or "this" on its own: a complaint about the texts', () => {
    table([
      ['when will these texts stop?', 'opted_out'],
      ['When are you going to stop texting me', 'opted_out'],
      ['when will this stop', 'opted_out'],
      ["why won't you stop", 'opted_out'],
      ['why wont you stop texting me', 'opted_out'],
    ]);
  });
  describe('anything else: an ordinary question, or a review when it is unclear', () => {
    table([
      ['when does the discount end?', 'none'],
      ['when will the noise stop', 'none'],
      ['when is it going to stop raining', 'none'],
      ['Omg my cat has worms :/ when does this bad day end?', 'none'],
      ["why don't you stop by tomorrow", 'none'],
      ['when does this end?', 'review'],
      ["When will this stop? I've asked twice", 'review'],
    ]);
  });
});

describe('"nobody / no one … called"', () => {
  table([
    ['no one called Mike here', 'opted_out'],
    ['No one named Mike lives here', 'opted_out'],
    ['nobody by that name here', 'opted_out'],
    ['no one with that name', 'opted_out'],
    ['nobody called me today', 'none'],
    ['no one called back', 'none'],
    ['But my family not responding. No one called me and why not coming', 'none'],
    ['no one with me today', 'none'],
  ]);
});

describe('a keyword at the edge of a long message (trailing, leading and capitals rules)', () => {
  table([
    ['not interested stop', 'opted_out'],
    ['Thanks but STOP', 'opted_out'],
    ['STOP who is this', 'opted_out'],
    ['STOP who is this, I never gave anyone this number and I do not want any of your offers', 'opted_out'],
    ['my laptop froze and the music would not stop, so I restarted it', 'none'],
    ['If she takes enough fluids her temperature will come down, and in a few days the whole thing will completely stop', 'none'],
    ['I wrote it and let it sit there. Before I left I hit send, then stop. It was not there when I got to my car', 'none'],
    ['Stop calling everyone saying I might have cancer. My throat hurts to talk. If I get one more call I am not babysitting', 'none'],
    ['She belongs to our family. Pray for her and pass this chain on to all your friends. STOP VIOLENCE AGAINST WOMEN.', 'none'],
    ['I have been getting these every single day for two weeks now and honestly I am so done so please stop', 'review'],
  ]);
});

describe('"no calls / no messages": a request, or a report of what came in', () => {
  table([
    ['No texts please', 'opted_out'],
    ['No calls!', 'opted_out'],
    ['no calls. no texts.', 'opted_out'],
    ['No texts please. Thanks!', 'opted_out'],
    ['so no messages yet?', 'none'],
    ['So no messages. Had food?', 'none'],
    ['no calls today?', 'none'],
    ['No calls..messages..missed calls', 'review'],
    ['No texts. Who is this?', 'review'],
  ]);
});

describe('a channel limited for now is at most a review (an opt-out covers every channel for good)', () => {
  table([
    ["Don't call me ever again", 'opted_out'],
    ["don't call me", 'opted_out'],
    ['Stop calling me, I am busy', 'opted_out'],
    ["can't talk now, don't call, just text", 'review'],
    ["I'm driving, don't call me", 'review'],
    ["In a meeting, don't call, I'll call you back", 'review'],
    ['What do u want when i come back? dont call me. i will wait till i come.', 'review'],
  ]);
});

describe('"stop sending these" and STOP drawn out or doubled', () => {
  table([
    ['Stop sending these', 'opted_out'],
    ['please stop sending these coupons', 'opted_out'],
    ['stahp', 'opted_out'],
    ['please stahp', 'opted_out'],
    ['stooop', 'opted_out'],
    ['STOOOOP', 'opted_out'],
    ['stopp', 'opted_out'],
    ['STOPPP!!!', 'opted_out'],
    ['stopstop', 'opted_out'],
    ['stopppp texting me', 'opted_out'],
    ['stop sending this to my wife', 'review'],
    ["don't stop sending these, they're great", 'none'],
    ['sitting on the stoop', 'none'],
    ['Yup next stop.', 'none'],
    ["I can't stop laughing at that video", 'none'],
  ]);
  it('reports the keyword STOP for a drawn-out spelling', () => {
    expect(classify('Stooooop')).toMatchObject({ action: 'opted_out', source: 'phrase', keyword: 'STOP', rule: 'phrase.keyword_in_short_reply' });
  });
});

describe('hostility aimed at the sender, or told in a story', () => {
  table([
    ['fuck off', 'review'],
    ['Go away!', 'review'],
    ['u assholes', 'review'],
    ['Also fuck you and your family for going away and leaving me all alone the week I have a new bong', 'review'],
    ['You best watch what you say cause I get drunk as a motherfucker', 'none'],
    ['love marriage is dancing in front of the snake and saying Bite me, bite me. arranged marriage is the snake biting you anyway', 'none'],
  ]);
});

describe('"not interested": the writer, or someone else', () => {
  table([
    ['not interested', 'review'],
    ["we're not interested", 'review'],
    ['Am not interested to do like that.', 'review'],
    ['No one interested. May be some business plan.', 'review'],
    ['C movie is last minute decision. Watch 2 but i tot ü not interested.', 'none'],
    ['they were not interested', 'none'],
  ]);
});

describe('"wrong number" and "wrong phone"', () => {
  table([
    ['wrong number', 'opted_out'],
    ['Wrong number. Who is this?', 'opted_out'],
    ["sorry wrong number, I don't know any John", 'opted_out'],
    ['I think u have the wrong number.', 'opted_out'],
    ['Wrong phone!', 'opted_out'],
    ['Wrong phone! This phone! I answer this one but assume the other is people i dont know well', 'review'],
    ['I dialed the wrong number earlier, sorry about the missed call', 'none'],
  ]);
});

describe('plain revocations are never weakened', () => {
  it.each([
    'stop texting me', 'Stop texting me!', 'please stop texting me', 'take me off your list', 'Take me off your list please',
    'wrong number', 'Wrong number!', 'sorry wrong number', 'you have the wrong number', 'no más mensajes', 'No mas mensajes por favor',
    'remove me from your list', 'do not contact me', 'leave me alone', 'unsubscribe me', 'stop calling me', "don't text me",
    'I never signed up for this', 'lose my number',
  ])('%j opts out', (text) => {
    expect(classify(text).action).toBe('opted_out');
  });
});
