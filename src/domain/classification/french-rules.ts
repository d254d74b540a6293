import type { RuleVocabulary } from './phrase-rule.js';
import { defineRules, type PhraseRule } from './phrase-rule.js';
import { alone, alt } from './rule-regex.js';

/** French second-tier rules (active when settings.languages includes 'fr'). Accents folded, apostrophes dropped ("m'écrivez" → "MECRIVEZ"). */

export const FR_COURTESY = [
  'SVP', 'S IL VOUS PLAIT', 'SIL VOUS PLAIT', 'S IL TE PLAIT', 'SIL TE PLAIT', 'STP', 'MERCI', 'MERCI BEAUCOUP', 'MAINTENANT', 'BONJOUR',
  'SALUT', 'NON', 'OUI', 'MONSIEUR', 'MADAME', 'DE SUITE', 'TOUT DE SUITE', 'IMMEDIATEMENT', 'OK', 'DEFINITIVEMENT', 'DESOLE', 'DESOLEE',
];
/** Words only a French speaker adds around "STOP" ("STOP svp"). */
export const FR_MARKERS = new Set(['SVP', 'VOUS', 'PLAIT', 'MERCI', 'MAINTENANT', 'BONJOUR', 'SALUT', 'MONSIEUR', 'MADAME', 'SUITE', 'IMMEDIATEMENT', 'DEFINITIVEMENT', 'DESOLE', 'DESOLEE']);

const COURTESY = alt(FR_COURTESY);
const LIST = `(?:DE|DES|DU) (?:(?:VOTRE|LA|CETTE|VOS|TA|LEUR|CES|LES) )?${alt(['LISTE', 'LISTES', 'FICHIER', 'FICHIERS', 'BASE', 'BASE DE DONNEES', 'SYSTEME', 'CONTACTS', 'REPERTOIRE', 'LISTE DE DIFFUSION', 'MESSAGES', 'SMS', 'SERVICE'])}`;
const MESSAGES = alt(['MESSAGES', 'MESSAGE', 'SMS', 'TEXTOS', 'TEXTO', 'APPELS', 'APPEL', 'PUB', 'PUBS', 'PUBLICITE', 'PUBLICITES', 'PROMOTIONS', 'PROMOS', 'SPAM', 'COURRIELS']);

export const FR_VOCABULARY: RuleVocabulary = {
  clearTail: new RegExp(`^(?:${alt([...FR_COURTESY, 'PLUS', 'JAMAIS', 'PLUS JAMAIS', 'DESORMAIS', 'A L AVENIR', 'A LAVENIR', 'CE NUMERO', 'SUR CE NUMERO', 'ICI'])}(?: |$))*$`),
  conditionalTail: new RegExp(`^${alt(['AVANT', 'APRES', 'PENDANT', 'LE MATIN', 'LE SOIR', 'LA NUIT', 'LE WEEK END', 'LE WEEKEND', 'AUJOURDHUI', 'DEMAIN', 'SAUF', 'JUSQU', 'JUSQUA', 'TANT QUE', 'AU TRAVAIL', 'AU BUREAU', 'A PROPOS', 'CONCERNANT', 'SI TOT', 'SI TARD', 'TROP TOT', 'TROP TARD', 'CETTE SEMAINE', 'POUR LE MOMENT', 'POUR L INSTANT', 'POUR LINSTANT', 'PLUTOT', 'SEULEMENT', 'QUE PAR'])}\\b`),
  scopedTail: new RegExp(`^(?:${LIST}|(?:DE |D )?(?:(?:VOS|CES|LES|DES) )?${MESSAGES})\\b`),
  scopeStarter: /^(?:DE|DES|DU|POUR|A)\b/,
  objectTail: /^(?:LE|LA|LES|UN|UNE|CE|CETTE|MON|MA|MES|VOTRE|VOS|L)\b/,
  negators: new Set(['NE', 'N', 'PAS', 'JAMAIS']),
  negationCancellers: new Set(['SI']),
  subjects: new Set(['JE', 'IL', 'ELLE', 'ILS', 'ELLES', 'ON']),
  requestModals: new Set(['POUVEZ', 'POURRIEZ', 'PEUX']),
  requestBoundaries: new Set(['SVP', 'ET', 'MAIS', 'DONC', 'ALORS', 'MERCI']),
  hypotheticals: new Set(['SI']),
};

const VERBS = alt(['ENVOYER', 'ECRIRE', 'TEXTER', 'CONTACTER', 'APPELER', 'DERANGER', 'HARCELER', 'SPAMMER', 'RELANCER', 'SOLLICITER', 'TELEPHONER', 'EMBETER', 'EMMERDER']);

export const FRENCH_OPT_OUT_RULES: readonly PhraseRule[] = defineRules('fr', FR_VOCABULARY, [
  { id: 'fr.arret', keyword: 'ARRET', pattern: alone(alt(['ARRET', 'ARRETER', 'ARRETEZ', 'ARRETE', 'ARRETEZ TOUT', 'ARRETER TOUT', 'STOPPEZ', 'STOPPER', 'ARRETEZ CA', 'ARRET DES MESSAGES', 'ARRET DES SMS']), COURTESY) },
  {
    id: 'fr.arret',
    keyword: 'ARRET',
    pattern: `\\b(?:ARRETEZ|ARRETE|ARRETER|CESSEZ|CESSE|CESSER|ARRETEZ DONC|ARRETE DONC) (?:DE|D) (?:ME |NOUS |M ?)?${VERBS}\\b|\\b(?:ARRETEZ|ARRETER|ARRET DE|STOP) (?:VOS |LES |CES |DE )?${MESSAGES}\\b`,
    negatable: true, tail: 'conditional',
  },
  { id: 'fr.desabonner', pattern: `\\b(?:ME |M |NOUS |SE |VOUS )?(?:DESABONNER|DESABONNEZ|DESABONNE|DESABONNEMENT|DESABONNEZ MOI|DESABONNER MOI|DESABONNEZ NOUS)\\b`, negatable: true, tail: 'scoped' },
  { id: 'fr.desinscrire', pattern: `\\b(?:ME |M |NOUS |SE |VOUS )?(?:DESINSCRIRE|DESINSCRIVEZ|DESINSCRIS|DESINSCRIPTION|DESINSCRIT|DESINSCRIVEZ MOI|DESINSCRIRE MOI)\\b`, negatable: true, tail: 'scoped' },
  {
    id: 'fr.ne_plus_ecrire',
    pattern: `\\bNE (?:ME |NOUS |M ?)?${alt(['ECRIVEZ', 'ENVOYEZ', 'CONTACTEZ', 'APPELEZ', 'RAPPELEZ', 'TEXTEZ', 'DERANGEZ', 'ECRIS', 'ENVOIE', 'APPELLE', 'RAPPELLE', 'CONTACTE', 'TEXTE', 'DERANGE', 'SOLLICITEZ', 'HARCELEZ', 'ENVOYEZ PLUS DE'])} (?:PLUS|JAMAIS|PLUS JAMAIS)\\b|\\bN ?(?:ENVOYEZ|ECRIVEZ|APPELEZ|ECRIS|ENVOIE) (?:PLUS|JAMAIS)\\b`,
    tail: 'conditional',
  },
  {
    id: 'fr.ne_plus_recevoir',
    pattern: `\\bNE (?:PLUS|JAMAIS|PLUS JAMAIS) (?:RECEVOIR|ETRE CONTACTEE?|ETRE APPELEE?|ETRE SOLLICITEE?|ETRE DERANGEE?)\\b|\\b(?:NE )?(?:VEUX|VEUT|VOULONS|SOUHAITE|SOUHAITONS|DESIRE) (?:PLUS|PAS|JAMAIS) (?:RECEVOIR|ETRE CONTACTEE?|ETRE APPELEE?|ETRE SOLLICITEE?|ETRE DERANGEE?|DE (?:VOS )?${MESSAGES}|VOS ${MESSAGES})\\b`,
    tail: 'conditional',
  },
  { id: 'fr.plus_de_messages', pattern: alone(`(?:PLUS|PLUS JAMAIS|PAS) DE ${MESSAGES}`, COURTESY) },
  {
    id: 'fr.mauvais_numero',
    pattern: alone(`(?:(?:C EST|CEST|VOUS AVEZ|TU AS|C EST LE|CEST LE|CEST UN|C EST UN|ERREUR) )?(?:LE |UN |UNE )?${alt(['MAUVAIS NUMERO', 'FAUX NUMERO', 'MAUVAISE PERSONNE', 'ERREUR DE NUMERO', 'NUMERO ERRONE', 'MAUVAIS DESTINATAIRE', 'ERREUR DE PERSONNE', 'MAUVAIS NUMERO DE TELEPHONE'])}`, COURTESY),
  },
  {
    id: 'fr.mauvais_numero',
    pattern: `\\b(?:VOUS AVEZ|TU AS|VOUS VOUS ETES|TU T ES|TU TES|VOUS ETES|TE ES) (?:LE |UN )?(?:MAUVAIS NUMERO|FAUX NUMERO|TROMPE DE NUMERO|TROMPES DE NUMERO|TROMPE DE PERSONNE|TROMPEE DE NUMERO|TROMPEZ DE NUMERO)\\b|\\bTROMPE(?:Z|E|S)? DE (?:NUMERO|PERSONNE)\\b`,
  },
  { id: 'fr.laissez_moi_tranquille', pattern: `\\b(?:LAISSEZ|LAISSE|LAISSER) (?:MOI|NOUS) (?:TRANQUILLE|TRANQUILLES|EN PAIX)\\b|\\b(?:FICHEZ|FICHE|FOUTEZ|FOUS|FOUTE) (?:MOI|NOUS) LA PAIX\\b|\\bME LAISSER (?:TRANQUILLE|EN PAIX)\\b` },
  {
    id: 'fr.retirez_moi',
    pattern: `\\b(?:RETIREZ|RETIRE|RETIRER|ENLEVEZ|ENLEVE|ENLEVER|SUPPRIMEZ|SUPPRIME|SUPPRIMER|EFFACEZ|EFFACE|EFFACER|RAYEZ|RAYER|SORTEZ) (?:MOI|MON NUMERO|MES COORDONNEES|CE NUMERO|MON NOM|MES INFOS|MES DONNEES|NOUS)\\b|\\b(?:ME|NOUS) (?:RETIRER|ENLEVER|SUPPRIMER|RAYER|SORTIR) (?=DE)`,
    tail: 'scoped', negatable: true,
  },
  { id: 'fr.jamais_inscrit', pattern: `\\b(?:JAMAIS|PAS) (?:INSCRIT|INSCRITE|ABONNE|ABONNEE|DONNE MON NUMERO|ACCEPTE|DONNE MON ACCORD|CONSENTI)\\b`, tail: 'scoped', scopedOther: 'none' },
]);

export const FRENCH_REVIEW_RULES: readonly PhraseRule[] = defineRules('fr', FR_VOCABULARY, [
  { id: 'review.not_interested', pattern: `\\b(?:PAS INTERESSEE?S?|NE SUIS PAS INTERESSEE?|CA NE MINTERESSE PAS|CA MINTERESSE PAS|NE MINTERESSE PAS|NE NOUS INTERESSE PAS)\\b`, tail: 'exact', tailOk: '^(?:MERCI|PAR VOTRE OFFRE|PAR CA|DU TOUT)\\b.*$' },
  { id: 'review.no_thanks', pattern: alone(alt(['NON MERCI', 'NON MERCI BIEN', 'NON MERCI BEAUCOUP', 'NON CA IRA']), COURTESY) },
  { id: 'review.enough', pattern: alone(alt(['CA SUFFIT', 'C EST ASSEZ', 'CEST ASSEZ', 'ASSEZ', 'CA SUFFIT MAINTENANT']), COURTESY) },
  { id: 'review.fin', pattern: alone('FIN', COURTESY) },
]);

export const FRENCH_OPT_IN: ReadonlyArray<{ words: string; keyword: string }> = [{ words: 'COMMENCER', keyword: 'COMMENCER' }];
export const FRENCH_HELP: ReadonlyArray<{ words: string; keyword: string }> = [{ words: 'AIDE', keyword: 'AIDE' }];
