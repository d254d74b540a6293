import type { RuleVocabulary } from './phrase-rule.js';
import { defineRules, type PhraseRule } from './phrase-rule.js';
import { alone, alt } from './rule-regex.js';

/** Spanish second-tier rules (active when settings.languages includes 'es'). Accents are folded before matching. */

export const ES_COURTESY = [
  'POR FAVOR', 'PORFAVOR', 'PORFA', 'PORFIS', 'PLIS', 'GRACIAS', 'MUCHAS GRACIAS', 'YA', 'AHORA', 'AHORA MISMO', 'YA MISMO', 'DE UNA VEZ',
  'SENOR', 'SENORA', 'SR', 'SRA', 'OIGA', 'HOLA', 'SI', 'OK', 'NO', 'BUENO', 'PUES', 'POR FAVOR YA', 'AMIGO', 'AMIGA', 'DISCULPE', 'PERDON',
];
/** Words only a Spanish speaker adds around "STOP" ("STOP por favor"): the reply should be in Spanish. */
export const ES_MARKERS = new Set(['POR', 'FAVOR', 'PORFAVOR', 'PORFA', 'PORFIS', 'GRACIAS', 'AHORA', 'YA', 'SENOR', 'SENORA', 'OIGA', 'HOLA', 'BUENO', 'PUES', 'MISMO', 'DISCULPE', 'PERDON', 'AMIGO', 'AMIGA']);

const COURTESY = alt(ES_COURTESY);
const LIST = `(?:DE|DEL) (?:(?:LA|SU|SUS|ESTA|ESA|TU|TUS|LAS|LOS) )?${alt(['LISTA', 'LISTAS', 'BASE', 'BASE DE DATOS', 'SISTEMA', 'CONTACTOS', 'GRUPO', 'DIFUSION', 'REGISTRO', 'REGISTROS', 'LISTA DE DIFUSION', 'SERVICIO', 'MENSAJES', 'PROGRAMA'])}`;
const MESSAGES = alt(['MENSAJES', 'MENSAJE', 'TEXTOS', 'TEXTO', 'SMS', 'LLAMADAS', 'LLAMADA', 'CORREOS', 'WHATSAPPS?', 'WHATS', 'PROMOCIONES', 'PUBLICIDAD', 'SPAM', 'MENSAJITOS', 'OFERTAS']);

export const ES_VOCABULARY: RuleVocabulary = {
  clearTail: new RegExp(`^(?:${alt([...ES_COURTESY, 'MAS', 'NUNCA MAS', 'NUNCA', 'OTRA VEZ', 'DE NUEVO', 'JAMAS', 'NI UNA VEZ MAS', 'MAS MENSAJES', 'MENSAJES', 'A ESTE NUMERO', 'AQUI'])}(?: |$))*$`),
  conditionalTail: new RegExp(`^${alt(['ANTES', 'DESPUES', 'HASTA', 'EN LA MANANA', 'EN LA TARDE', 'EN LA NOCHE', 'POR LA MANANA', 'POR LA NOCHE', 'POR LA TARDE', 'HOY', 'MANANA', 'EN EL TRABAJO', 'LOS FINES', 'LOS DOMINGOS', 'LOS SABADOS', 'TAN TEMPRANO', 'TAN TARDE', 'A ESTA HORA', 'DE NOCHE', 'SOBRE', 'ACERCA', 'EN HORARIO', 'DURANTE', 'SALVO', 'EXCEPTO', 'A MENOS', 'SOLO', 'MEJOR', 'POR AHORA', 'ESTA SEMANA', 'EN HORAS', 'AL TRABAJO', 'A MI TRABAJO'])}\\b`),
  scopedTail: new RegExp(`^(?:${LIST}|(?:PARA|A|EN|DE) (?:ESTO|ESO|ESTA LISTA|SU LISTA|NADA|ESTOS MENSAJES|ESTE SERVICIO|ESTE NUMERO|SUS MENSAJES)|(?:DE |CON )?(?:(?:LOS|LAS|SUS|ESTOS|ESTAS|TANTOS|TANTAS) )?${MESSAGES})\\b`),
  scopeStarter: /^(?:DE|DEL|CON|PARA|POR)\b/,
  objectTail: /^(?:EL|LA|LOS|LAS|UN|UNA|UNOS|UNAS|ESE|ESA|ESO|ESTE|ESTA|MI|TU|SU)\b/,
  negators: new Set(['NO', 'NUNCA', 'JAMAS', 'NI']),
  negationCancellers: new Set(['SI']),
  subjects: new Set(['YO', 'EL', 'ELLA', 'ELLOS', 'USTED', 'USTEDES', 'NOSOTROS']),
  requestModals: new Set(['PUEDE', 'PUEDEN', 'PODRIA', 'PODRIAN']),
  requestBoundaries: new Set(['POR', 'FAVOR', 'PORFA', 'Y', 'PERO', 'ASI', 'ENTONCES', 'GRACIAS']),
  hypotheticals: new Set(['SI']),
};

export const SPANISH_OPT_OUT_RULES: readonly PhraseRule[] = defineRules('es', ES_VOCABULARY, [
  { id: 'es.alto', keyword: 'ALTO', pattern: alone(alt(['ALTO', 'ALTOO', 'ALTO YA', 'ALTO A LOS MENSAJES', 'ALTO A LOS TEXTOS']), COURTESY) },
  { id: 'es.parar', keyword: 'PARAR', pattern: alone(alt(['PARAR', 'PARE', 'PAREN', 'PARENLE', 'PARALE', 'PARA YA', 'PAREN YA', 'PARAR MENSAJES', 'PARAR LOS MENSAJES', 'PAREN LOS MENSAJES']), COURTESY) },
  { id: 'es.baja', keyword: 'BAJA', pattern: alone(alt(['BAJA', 'DE BAJA', 'DAR DE BAJA', 'DARME DE BAJA', 'DENME DE BAJA', 'DARSE DE BAJA', 'ME DOY DE BAJA', 'DARNOS DE BAJA', 'BAJA DEL SERVICIO', 'BAJA DE LA LISTA', 'BAJA DE MENSAJES']), COURTESY) },
  { id: 'es.baja', keyword: 'BAJA', pattern: `\\b(?:DAR(?:ME|NOS|SE)?|DEN(?:ME|NOS)?|DEME|QUIERO DARME|ME DOY|DARSE|ME DAN|ME DA|QUIERO) DE BAJA\\b`, negatable: true },
  { id: 'es.cancelar', keyword: 'CANCELAR', pattern: alone(alt(['CANCELAR', 'CANCELE', 'CANCELEN', 'CANCELA', 'CANCELAR SUSCRIPCION', 'CANCELAR MI SUSCRIPCION', 'CANCELAR MENSAJES', 'CANCELAR TODO', 'CANCELAR LOS MENSAJES', 'CANCELO']), COURTESY) },
  { id: 'es.detener', keyword: 'DETENER', pattern: alone(alt(['DETENER', 'DETENGAN', 'DETENGASE', 'DETENTE', 'DETENER MENSAJES', 'DETENGAN LOS MENSAJES']), COURTESY) },
  {
    id: 'es.desuscribir',
    pattern: `\\b(?:DESUSCRIBIR(?:ME|SE|NOS)?|DESUSCRIBAN(?:ME)?|DESUSCRIBEME|DESINSCRIBIR(?:ME|SE)?|DESINSCRIBAN(?:ME)?|DESUSCRIPCION|DESUSCRIBO|DESUSCRIBIRTE|ANULAR (?:MI )?SUSCRIPCION|CANCELAR (?:MI |LA )?SUSCRIPCION)\\b`,
    negatable: true, tail: 'scoped',
  },
  { id: 'es.no_mas', pattern: alone(alt(['NO MAS', 'YA NO MAS', 'NO MAS POR FAVOR', 'NADA MAS DE MENSAJES']), COURTESY) },
  { id: 'es.no_mas', pattern: `\\b(?:NO|NI) (?:MAS|UN|UNO) ${MESSAGES}\\b`, tail: 'conditional' },
  {
    id: 'es.no_me_escriban',
    pattern: `\\b(?:YA )?NO (?:ME|NOS) (?:VUELVAN A |VUELVA A |VUELVAS A |SIGAN |SIGA |SIGAS )?${alt(['ESCRIBAN', 'ESCRIBAS', 'ESCRIBA', 'ESCRIBIR', 'MANDEN', 'MANDES', 'MANDE', 'ENVIEN', 'ENVIES', 'ENVIE', 'CONTACTEN', 'CONTACTES', 'CONTACTE', 'MOLESTEN', 'MOLESTES', 'MOLESTE', 'TEXTEEN', 'TEXTEES', 'MENSAJEEN', 'MOLESTAR', 'CONTACTAR', 'ESCRIBIENDO', 'MANDANDO', 'ENVIANDO', 'CONTACTANDO', 'MOLESTANDO'])}\\b`,
    tail: 'conditional',
  },
  {
    id: 'es.no_me_escriban',
    pattern: `\\b(?:FAVOR DE |POR FAVOR )?NO ${alt(['ESCRIBIRME', 'CONTACTARME', 'MOLESTARME', 'MANDARME', 'ENVIARME', 'TEXTEARME'])}\\b`,
    tail: 'conditional',
  },
  { id: 'es.no_me_llamen', pattern: `\\b(?:FAVOR DE |POR FAVOR )?NO ${alt(['LLAMARME', 'MARCARME', 'LLAMARNOS'])}\\b`, tail: 'conditional' },
  {
    id: 'es.no_me_llamen',
    pattern: `\\b(?:YA )?NO (?:ME|NOS) (?:VUELVAN A |VUELVA A |VUELVAS A |SIGAN |SIGA )?${alt(['LLAMEN', 'LLAMES', 'LLAME', 'LLAMAR', 'LLAMANDO', 'MARQUEN', 'MARQUES', 'MARQUE'])}\\b`,
    tail: 'conditional',
  },
  {
    id: 'es.dejen_de',
    pattern: `\\b(?:DEJEN|DEJA|DEJE|DEJAR|DEJES|DEJAN|PAREN|PARE|PARA|PARAR|DEJEN YA|PAREN YA) (?:DE|YA DE) ${alt(['ESCRIBIR', 'MANDAR', 'ENVIAR', 'LLAMAR', 'MOLESTAR', 'CONTACTAR', 'TEXTEAR', 'SPAMEAR', 'ACOSAR', 'FASTIDIAR', 'JODER', 'MARCAR'])}(?:ME|NOS|LE)?\\b`,
    negatable: true, tail: 'conditional',
  },
  { id: 'es.dejenme_en_paz', pattern: `\\b(?:DEJENME|DEJAME|DEJEME|DEJENOS|DEJANOS|DEJEN ME|DEJA ME) (?:EN PAZ|TRANQUIL[OA]S?)\\b|\\bME DEJAN EN PAZ\\b`, negatable: true },
  {
    id: 'es.saquenme_de_la_lista',
    pattern: `\\b${alt(['SAQUENME', 'SACAME', 'SAQUEME', 'SACARME', 'QUITENME', 'QUITAME', 'QUITEME', 'QUITARME', 'BORRENME', 'BORRAME', 'BORREME', 'BORRARME', 'ELIMINENME', 'ELIMINAME', 'ELIMINEME', 'ELIMINARME', 'DESCARTENME', 'RETIRENME', 'RETIRAME', 'REMUEVANME', 'SAQUEN MI NUMERO', 'QUITEN MI NUMERO'])}\\b`,
    tail: 'strict', scopedOther: 'none', negatable: true,
  },
  {
    id: 'es.borrar_numero',
    pattern: `\\b${alt(['BORREN', 'BORRA', 'BORRE', 'BORRAR', 'ELIMINEN', 'ELIMINA', 'ELIMINE', 'ELIMINAR', 'QUITEN', 'QUITA', 'QUITE', 'QUITAR', 'OLVIDEN', 'OLVIDA', 'OLVIDE', 'PIERDAN', 'SAQUEN', 'SACAR', 'RETIREN'])} (?:MI|ESTE) (?:NUMERO|TELEFONO|CELULAR|CONTACTO|NUMERO DE TELEFONO|CEL|DATOS)\\b`,
    tail: 'scoped', negatable: true,
  },
  {
    id: 'es.numero_equivocado',
    pattern: alone(`(?:(?:ES|ESTE ES|ESO ES|TIENE|TIENEN|TIENES|USTED TIENE|ES UN|ES EL|CREO QUE ES|CREO QUE TIENE) )?(?:UN |EL |LA )?(?:NUMERO|NUMERO DE TELEFONO|PERSONA|TELEFONO) (?:EQUIVOCADO|EQUIVOCADA|INCORRECTO|INCORRECTA|ERRONEO)`, alt([...ES_COURTESY, 'LO SIENTO', 'DISCULPE', 'AMIGO', 'AMIGA', 'CREO'])),
  },
  {
    id: 'es.numero_equivocado',
    pattern: `\\b(?:SE|USTEDES SE|USTED SE|TE) EQUIVOC(?:O|ARON|A|AN|ASTE) DE (?:NUMERO|PERSONA)\\b|\\bTIENE(?:N|S)? (?:EL|UN) NUMERO EQUIVOCADO\\b|\\bNO SOY (?:EL|LA) PERSONA QUE BUSCAN\\b|\\bAQUI NO (?:VIVE|HAY) NINGUN[AO]?\\b|\\bEQUIVOCAD[OA]S? DE (?:NUMERO|PERSONA)\\b`,
  },
  {
    id: 'es.no_quiero_mensajes',
    pattern: `\\bNO (?:QUIERO|DESEO|NECESITO|QUEREMOS|DESEAMOS)(?: (?:RECIBIR|SEGUIR RECIBIENDO|MAS|RECIBIR MAS|QUE ME|SUS|TUS|ESTOS|ESTAS|LOS|LAS))* (?:${MESSAGES}|ESCRIBAN|LLAMEN|CONTACTEN|MANDEN)\\b`,
    tail: 'conditional',
  },
  {
    id: 'es.nunca_me_registre',
    pattern: `\\bNUNCA (?:ME )?(?:REGISTRE|INSCRIBI|SUSCRIBI|DI MI NUMERO|AUTORICE|PEDI|ACEPTE|SOLICITE)\\b|\\bYO NO (?:ME )?(?:REGISTRE|INSCRIBI|SUSCRIBI|AUTORICE|PEDI ESTO|SOLICITE ESTO)\\b`,
    tail: 'scoped', scopedOther: 'none',
  },
  { id: 'es.basta_de_mensajes', pattern: `\\b(?:BASTA|YA BASTA|SUFICIENTE) (?:DE|CON) (?:${MESSAGES}|ESTO|ESTOS MENSAJES|TANTO MENSAJE|TANTOS MENSAJES|TANTAS LLAMADAS)\\b` },
]);

export const SPANISH_REVIEW_RULES: readonly PhraseRule[] = defineRules('es', ES_VOCABULARY, [
  { id: 'review.basta', pattern: alone(alt(['BASTA', 'YA BASTA', 'BASTA YA', 'SUFICIENTE', 'YA ESTUVO', 'YA ES SUFICIENTE']), COURTESY) },
  { id: 'review.not_interested', pattern: `\\b(?:NO (?:ME|NOS) INTERESA(?:N)?|NO ESTOY INTERESAD[OA]|NO ESTAMOS INTERESAD[OA]S|SIN INTERES)\\b`, tail: 'exact', tailOk: '^(?:GRACIAS|POR AHORA|PARA NADA|NADA|SU OFERTA|SUS SERVICIOS|ESTO|ESO)\\b.*$' },
  { id: 'review.no_thanks', pattern: alone(alt(['NO GRACIAS', 'NO MUCHAS GRACIAS', 'NO GRACIAS ESTOY BIEN']), COURTESY) },
  { id: 'review.para', pattern: alone(alt(['PARA', 'PARA YA']), alt(['POR FAVOR', 'PORFA', 'YA'])) },
]);

export const SPANISH_OPT_IN: ReadonlyArray<{ words: string; keyword: string }> = [
  { words: 'COMENZAR', keyword: 'COMENZAR' },
  { words: 'ALTA', keyword: 'ALTA' },
  { words: 'DARME DE ALTA', keyword: 'ALTA' },
  { words: 'DAR DE ALTA', keyword: 'ALTA' },
];
export const SPANISH_HELP: ReadonlyArray<{ words: string; keyword: string }> = [{ words: 'AYUDA', keyword: 'AYUDA' }];
