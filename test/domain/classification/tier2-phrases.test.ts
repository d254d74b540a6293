import { describe, expect, it } from 'vitest';
import {
  classifyInboundText,
  DEFAULT_CLASSIFIER_SETTINGS,
  type ClassifierSettings,
} from '../../../src/domain/classification/classify-inbound-text.js';

const settings = DEFAULT_CLASSIFIER_SETTINGS;
const ctx = { optedOut: false };
const classify = (text: string, s: ClassifierSettings = settings) => classifyInboundText(text, s, ctx);

describe('tier 2: English revocation phrases (DESIGN rule 3)', () => {
  it.each([
    ['stop texting me', 'phrase.stop_contacting_me'],
    ['Quit calling me!!', 'phrase.stop_contacting_me'],
    ['pls stop texting me', 'phrase.stop_contacting_me'],
    ['stop fucking texting me', 'phrase.stop_contacting_me'],
    ['can you stop texting me', 'phrase.stop_contacting_me'],
    ['Stop calling and texting me', 'phrase.stop_contacting_me'],
    ['stop sending me messages', 'phrase.stop_messages'],
    ['please stop the texts', 'phrase.stop_messages'],
    ["I'm sick of these calls", 'phrase.stop_messages'],
    ['remove me', 'phrase.remove_me'],
    ['Please remove me from your list', 'phrase.remove_me'],
    ['remove from list', 'phrase.remove_me'],
    ['take me off your list', 'phrase.take_me_off'],
    ['get me off this list', 'phrase.take_me_off'],
    ['I would like to be removed from your list', 'phrase.take_me_off'],
    ['unsubscribe me', 'phrase.unsubscribe_me'],
    ['How do I unsubscribe?', 'phrase.unsubscribe_me'],
    ['opt me out', 'phrase.opt_me_out'],
    ['do not text me', 'phrase.do_not_contact'],
    ["don't call me", 'phrase.do_not_contact'],
    ['dont contact me', 'phrase.do_not_contact'],
    ['never message me again', 'phrase.do_not_contact'],
    ['leave me alone', 'phrase.leave_me_alone'],
    ['no more texts', 'phrase.no_more_messages'],
    ['No calls please', 'phrase.no_more_messages'],
    ['wrong number', 'phrase.wrong_number'],
    ['Sorry, wrong #', 'phrase.wrong_number'],
    ['you have the wrong person', 'phrase.wrong_number'],
    ["you're texting the wrong number", 'phrase.wrong_number'],
    ['No one by that name here', 'phrase.wrong_person'],
    ['lose my number', 'phrase.lose_my_number'],
    ['delete my number', 'phrase.delete_my_number'],
    ['I never signed up', 'phrase.never_signed_up'],
    ['I never signed up for this', 'phrase.never_signed_up'],
    ['who is this stop', 'phrase.who_is_this_stop'],
    ['I already told you to stop', 'phrase.i_said_stop'],
    ['I replied STOP twice already', 'phrase.i_said_stop'],
    ['make it stop', 'phrase.want_it_to_stop'],
    ["why won't you stop", 'phrase.why_wont_you_stop'],
    ["I'm on the do not call registry", 'phrase.do_not_call_list'],
    ['this is harassment', 'phrase.harassment'],
    ['cease and desist', 'phrase.legal_threat'],
    ["If you don't stop texting me I'm reporting you", 'phrase.stop_contacting_me'],
  ])('%j opts out by %s', (text, rule) => {
    expect(classify(text)).toEqual({ action: 'opted_out', source: 'phrase', keyword: null, rule, language: 'en' });
  });
});

describe('tier 2: a keyword with extra words, spelled out, or inside a longer text', () => {
  it.each([
    ['Stop please', 'phrase.keyword_in_short_reply', 'STOP'],
    ['STOP STOP STOP', 'phrase.keyword_in_short_reply', 'STOP'],
    ['ok stop 😡', 'phrase.keyword_in_short_reply', 'STOP'],
    ['opt out please', 'phrase.keyword_in_short_reply', 'OPT OUT'],
    ['END 😡', 'phrase.keyword_in_short_reply', 'END'],
    ['S T O P', 'phrase.spelled_keyword', 'STOP'],
    ['S.T.O.P.', 'phrase.spelled_keyword', 'STOP'],
    ['O P T O U T', 'phrase.spelled_keyword', 'OPTOUT'],
    ['Not interested. STOP', 'phrase.keyword_clause', 'STOP'],
    ['not interested stop', 'phrase.trailing_keyword', 'STOP'],
    ['STOP who is this', 'phrase.leading_keyword', 'STOP'],
    ['Thanks for the info but STOP', 'phrase.trailing_keyword', 'STOP'],
    ['I appreciate it but STOP sending', 'phrase.uppercase_keyword', 'STOP'],
  ])('%j opts out by %s', (text, rule, keyword) => {
    expect(classify(text)).toMatchObject({ action: 'opted_out', source: 'phrase', rule, keyword });
  });

  it('answers in Spanish or French when courtesy words show the language', () => {
    expect(classify('STOP por favor')).toMatchObject({ action: 'opted_out', keyword: 'STOP', language: 'es' });
    expect(classify('STOP svp')).toMatchObject({ action: 'opted_out', keyword: 'STOP', language: 'fr' });
    expect(classify('STOP svp', { ...settings, languages: ['en'] })).toMatchObject({ action: 'opted_out', language: 'en' });
  });

  it.each([['cancel please', 'review.cancel'], ['end it', 'review.end'], ['quit it', 'review.quit'], ['Great. Cancel.', 'review.cancel']])(
    'a weak keyword (END, CANCEL, QUIT) with extra words is a review: %j',
    (text, rule) => {
      expect(classify(text)).toEqual({ action: 'review', rule, language: 'en' });
    },
  );
});

describe('tier 2: typos of opt-out keywords (Damerau-Levenshtein 1, four letters or more)', () => {
  it.each([
    ['SOTP', 'STOP'], ['stpo', 'STOP'], ['Stp', 'STOP'], ['stoop', 'STOP'], ['sotp please', 'STOP'],
    ['unsubscrib', 'UNSUBSCRIBE'], ['unsubscibe', 'UNSUBSCRIBE'], ['Unsusbcribe', 'UNSUBSCRIBE'], ['QIUT', 'QUIT'], ['Cancle', 'CANCEL'],
    ['revok', 'REVOKE'], ['OTPOUT', 'OPTOUT'],
  ])('%j is a typo of %s', (text, keyword) => {
    expect(classify(text)).toMatchObject({ action: 'opted_out', source: 'phrase', rule: `typo.${keyword}`, keyword });
  });

  it.each(['shop', 'Step', 'slop', 'stow', 'top', 'atop', 'QUITE', 'quiz', 'suit', 'quilt', 'quiet', 'cancer', 'spot', 'qui'])(
    'the real word %j is not a typo',
    (text) => {
      expect(classify(text)).toEqual({ action: 'none' });
    },
  );

  it.each(['Stops', 'Quits', 'cancels', 'sop'])('%j is close to a keyword but a word too: review', (text) => {
    expect(classify(text)).toEqual({ action: 'review', rule: 'review.near_keyword', language: 'en' });
  });

  it('has no typo rule for three-letter keywords (END)', () => {
    expect(classify('ENF')).toEqual({ action: 'none' });
    expect(classify('and')).toEqual({ action: 'none' });
  });

  it('follows custom keywords: typos of an organization’s own keyword count', () => {
    const custom = { ...settings, optOutKeywords: ['STOP', 'REMOVE'] };
    expect(classify('remvoe', custom)).toMatchObject({ action: 'opted_out', rule: 'typo.REMOVE', keyword: 'REMOVE' });
  });
});

describe('tier 2: emoji', () => {
  it.each(['🛑', '⛔', '⛔️', '🚫', '🛑🛑🛑', '📵', '🔕', '🛑 please', '  🛑!! '])('%j opts out', (text) => {
    expect(classify(text)).toEqual({ action: 'opted_out', source: 'phrase', keyword: null, rule: 'emoji.stop_sign', language: 'en' });
  });
  it.each([['✋', 'review.hand_emoji'], ['🤚🏽', 'review.hand_emoji'], ['🙅', 'review.refusal_emoji'], ['Parking is 🚫 on Sundays', 'review.stop_emoji_in_text']])(
    '%j is a review (%s)',
    (text, rule) => {
      expect(classify(text)).toEqual({ action: 'review', rule, language: 'en' });
    },
  );
  it.each(['👍', '😂😂', '🙏', '❤️'])('%j is nothing', (text) => {
    expect(classify(text)).toEqual({ action: 'none' });
  });
});

describe('tier 2: Spanish', () => {
  it.each([
    ['ALTO', 'es.alto', 'ALTO'], ['Alto por favor', 'es.alto', 'ALTO'], ['¡Alto!', 'es.alto', 'ALTO'], ['PARAR', 'es.parar', 'PARAR'],
    ['Pare', 'es.parar', 'PARAR'], ['BAJA', 'es.baja', 'BAJA'], ['Dar de baja', 'es.baja', 'BAJA'], ['Quiero darme de baja', 'es.baja', 'BAJA'],
    ['CANCELAR', 'es.cancelar', 'CANCELAR'], ['Detener', 'es.detener', 'DETENER'],
  ])('%j opts out by %s', (text, rule, keyword) => {
    expect(classify(text)).toEqual({ action: 'opted_out', source: 'phrase', keyword, rule, language: 'es' });
  });
  it.each([
    ['no más', 'es.no_mas'], ['No mas mensajes', 'es.no_mas'], ['No me escriban más', 'es.no_me_escriban'], ['no me llamen', 'es.no_me_llamen'],
    ['Déjenme en paz', 'es.dejenme_en_paz'], ['Sáquenme de la lista', 'es.saquenme_de_la_lista'], ['Número equivocado', 'es.numero_equivocado'],
    ['Dejen de escribirme', 'es.dejen_de'], ['Borren mi número', 'es.borrar_numero'], ['No quiero recibir mensajes', 'es.no_quiero_mensajes'],
    ['Nunca me registré para esto', 'es.nunca_me_registre'], ['Basta de mensajes', 'es.basta_de_mensajes'], ['Desuscribirme', 'es.desuscribir'],
  ])('%j opts out by %s', (text, rule) => {
    expect(classify(text)).toMatchObject({ action: 'opted_out', source: 'phrase', rule, language: 'es' });
  });
  it.each([['Basta', 'review.basta'], ['No me interesa', 'review.not_interested'], ['No gracias', 'review.no_thanks'], ['No me llamen antes de las 10', 'review.partial_revocation']])(
    '%j is a review (%s)',
    (text, rule) => {
      expect(classify(text)).toEqual({ action: 'review', rule, language: 'es' });
    },
  );
  it.each(['Baja el precio y lo compro', 'Tenemos un alto volumen de pedidos', 'No más de 10 personas', 'Para el lunes está bien', 'Sácame de dudas, ¿incluye instalación?', 'El número equivocado estaba en la factura'])(
    '%j is nothing',
    (text) => {
      expect(classify(text)).toEqual({ action: 'none' });
    },
  );
  it('is off when Spanish is not an active language', () => {
    const englishOnly = { ...settings, languages: ['en' as const] };
    expect(classify('ALTO', englishOnly)).toEqual({ action: 'none' });
    expect(classify('no me escriban', englishOnly).action).not.toBe('opted_out');
  });
  it('knows Spanish opt-in and help words', () => {
    expect(classifyInboundText('COMENZAR', settings, { optedOut: true })).toEqual({ action: 'opted_in', keyword: 'COMENZAR', language: 'es' });
    expect(classify('Ayuda')).toEqual({ action: 'help', keyword: 'AYUDA', language: 'es' });
  });
});

describe('tier 2: French', () => {
  it.each([
    ['ARRÊT', 'fr.arret'], ['arret', 'fr.arret'], ['Arrêt svp', 'fr.arret'], ["Arrêtez de m'envoyer des messages", 'fr.arret'], ['Désabonner', 'fr.desabonner'],
    ['je veux me désabonner', 'fr.desabonner'], ['désinscrivez-moi', 'fr.desinscrire'], ["Ne m'écrivez plus", 'fr.ne_plus_ecrire'], ['ne me contactez plus', 'fr.ne_plus_ecrire'],
    ['Je ne veux plus recevoir de messages', 'fr.ne_plus_recevoir'], ['Mauvais numéro', 'fr.mauvais_numero'], ['Vous avez le mauvais numéro', 'fr.mauvais_numero'],
    ['Laissez-moi tranquille', 'fr.laissez_moi_tranquille'], ['Retirez-moi de votre liste', 'fr.retirez_moi'], ['plus de sms svp', 'fr.plus_de_messages'],
  ])('%j opts out by %s', (text, rule) => {
    expect(classify(text)).toMatchObject({ action: 'opted_out', source: 'phrase', rule, language: 'fr' });
  });
  it.each([['Pas intéressé', 'review.not_interested'], ['Non merci', 'review.no_thanks'], ['Fin', 'review.fin']])('%j is a review (%s)', (text, rule) => {
    expect(classify(text)).toEqual({ action: 'review', rule, language: 'fr' });
  });
  it.each(["L'arrêt de bus est devant le bureau", 'Le mauvais numéro était sur la facture', 'Fin du mois ça marche', "Je m'arrête chez vous demain"])('%j is nothing', (text) => {
    expect(classify(text)).toEqual({ action: 'none' });
  });
  it('is off when French is not an active language', () => {
    expect(classify('ARRÊT', { ...settings, languages: ['en', 'es'] })).toEqual({ action: 'none' });
  });
  it('knows French opt-in and help words', () => {
    expect(classifyInboundText('Commencer', settings, { optedOut: true })).toEqual({ action: 'opted_in', keyword: 'COMMENCER', language: 'fr' });
    expect(classify('AIDE')).toEqual({ action: 'help', keyword: 'AIDE', language: 'fr' });
  });
});

describe('tier 2: unclear replies go to review', () => {
  it.each([
    ['not interested', 'review.not_interested'], ['Not interested in your services', 'review.not_interested'], ['No thanks', 'review.no_thanks'],
    ['cancel it', 'review.cancel'], ['enough', 'review.enough'], ['f off', 'review.hostile'], ['go away', 'review.hostile'],
    ['who the hell is this', 'review.hostile'], ['Is this spam?', 'review.complaint'], ['How did you get my number?', 'review.how_did_you_get_my_number'],
    ['Why do you keep texting me', 'review.keep_contacting'], ['No more', 'review.no_more'], ['Stop wasting my time', 'review.stop_in_message'],
    ['Stop texting me after 9pm', 'review.partial_revocation'], ["Please don't call me at work", 'review.partial_revocation'],
    ["Don't call me, text me instead", 'review.channel_preference'], ['Stop calling me, just text', 'review.channel_preference'],
    ['Remove me from the meeting invite', 'review.unclear_revocation'], ['If I unsubscribe do I lose my discount?', 'review.unclear_revocation'],
  ])('%j → %s', (text, rule) => {
    expect(classify(text)).toEqual({ action: 'review', rule, language: 'en' });
  });

  it('a clear opt-out anywhere in the text wins over a review', () => {
    expect(classify('Not interested, remove me')).toMatchObject({ action: 'opted_out', rule: 'phrase.remove_me' });
    expect(classify('fuck off and stop texting me')).toMatchObject({ action: 'opted_out', rule: 'phrase.stop_contacting_me' });
    expect(classify('Stop texting me after 9pm. STOP')).toMatchObject({ action: 'opted_out', rule: 'phrase.keyword_clause' });
  });
});

describe('negation and the object of the verb', () => {
  it.each([
    ["don't stop texting me", 'none'],
    ['stop texting me', 'opted_out'],
    ['Please never stop texting me lol', 'none'],
    ["I don't want you to stop texting me", 'none'],
    ['Why did you stop texting me?', 'none'],
    ['remove my old email', 'none'],
    ['remove me', 'opted_out'],
    ["Please don't remove me from the list", 'none'],
    ["Don't take me off the list", 'none'],
    ["don't text me the address, email it", 'none'],
    ['do not text me', 'opted_out'],
    ["I don't text much, call me", 'none'],
    ['You never call me back!', 'none'],
    ['not interested please remove me', 'opted_out'],
    ["I'll stop texting you about it", 'none'],
  ])('%j → %s', (text, action) => {
    expect(classify(text).action).toBe(action);
  });
});
