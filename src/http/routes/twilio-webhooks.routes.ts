import type { FastifyInstance, FastifyRequest } from 'fastify';
import formbody from '@fastify/formbody';
import { Type } from 'typebox';
import type { AppDeps } from '../../app/context.js';
import { UnreadableTwilioCredentialsError } from '../../app/providers/twilio-credentials.js';
import { applyTwilioStatus, applyUnverifiableTwilioStatus, authenticateTwilioWebhook, field, receiveTwilioSms, receiveUnverifiableTwilioSms, requireTwilioFieldShapes, type SignedTwilioRequest, type TwilioParams } from '../../app/providers/twilio-webhooks.js';
import {
  answerInboundCall,
  answerPlacedCall,
  receiveCallProgress,
  receiveDialResult,
  receiveInboundProgress,
  receiveKeypress,
} from '../../app/providers/twilio-voice-webhooks.js';
import { responses, textResponse } from '../schemas.js';

export const TWILIO_SMS_WEBHOOK_PATH = '/webhooks/twilio/sms';
export const TWILIO_STATUS_WEBHOOK_PATH = '/webhooks/twilio/status';
/** Point a Twilio number's "A call comes in" webhook here (POST). */
export const TWILIO_VOICE_WEBHOOK_PATH = '/webhooks/twilio/voice';

/** Twilio's webhooks answer TwiML, or 204 to a status callback; failures are the API's error shape. */
const webhookResponses = responses({ 200: textResponse('text/xml', 'TwiML for Twilio.'), 204: Type.Null({ description: 'Recorded.' }) });
const webhookSchema = (summary: string) => ({ tags: ['Webhooks'], summary, security: [], response: webhookResponses });

/**
 * Twilio's webhooks: outside /api/v1, no API key; each request proves itself
 * with X-Twilio-Signature. Twilio posts form-encoded fields, so the form
 * parser is registered in this scope only.
 */
export async function twilioWebhookRoutes(app: FastifyInstance, deps: AppDeps, options: { publicUrl: string }): Promise<void> {
  await app.register(formbody);
  const publicUrl = options.publicUrl.replace(/\/+$/, '');

  function signed(request: FastifyRequest): SignedTwilioRequest {
    const signature = request.headers['x-twilio-signature'];
    const params = request.body !== null && typeof request.body === 'object' ? (request.body as TwilioParams) : {};
    return { url: `${publicUrl}${request.url}`, signature: typeof signature === 'string' ? signature : undefined, params };
  }

  app.post(TWILIO_SMS_WEBHOOK_PATH, {
    schema: webhookSchema('Inbound texts from Twilio (form-encoded, signed). Answers TwiML with the opt-out, opt-in or help reply; 400 when a field Twilio sends (MessageSid, AccountSid, From, To) does not have Twilio\'s shape; 403 on a bad X-Twilio-Signature.'),
  }, async (request, reply) => {
    const twilioRequest = signed(request);
    requireTwilioFieldShapes(twilioRequest.params, 'sms');
    let outcome;
    try {
      const organizationId = await authenticateTwilioWebhook(deps, twilioRequest, [field(twilioRequest.params, 'To')]);
      outcome = await receiveTwilioSms(deps, organizationId, twilioRequest.params);
    } catch (error) {
      if (!(error instanceof UnreadableTwilioCredentialsError)) throw error;
      outcome = await receiveUnverifiableTwilioSms(deps, error, twilioRequest.params);
    }
    return reply.type('text/xml; charset=utf-8').send(twiml(outcome.reply));
  });

  app.post(TWILIO_STATUS_WEBHOOK_PATH, {
    schema: webhookSchema('Delivery status callbacks from Twilio for texts and calls (form-encoded, signed); 403 on a bad X-Twilio-Signature. When the stored Auth Token cannot be decrypted (SECRET_KEY changed), only an unsubscribed report (21610) is applied, and an alarm is logged.'),
  }, async (request, reply) => {
    const twilioRequest = signed(request);
    requireTwilioFieldShapes(twilioRequest.params, 'status');
    try {
      // Our number is the sender of what we sent.
      const organizationId = await authenticateTwilioWebhook(deps, twilioRequest, [field(twilioRequest.params, 'From'), field(twilioRequest.params, 'To')]);
      await applyTwilioStatus(deps, organizationId, twilioRequest.params);
    } catch (error) {
      if (!(error instanceof UnreadableTwilioCredentialsError)) throw error;
      await applyUnverifiableTwilioStatus(deps, error, twilioRequest.params);
    }
    return reply.status(204).send();
  });

  const voice = { base: `${publicUrl}${TWILIO_VOICE_WEBHOOK_PATH}` };
  const xml = 'text/xml; charset=utf-8';
  const CallParams = { type: 'object', properties: { id: { type: 'string', maxLength: 100 } }, required: ['id'] } as const;

  app.post(`${TWILIO_VOICE_WEBHOOK_PATH}/inbound`, {
    schema: webhookSchema('A call to one of the organization\'s numbers (Twilio\'s "A call comes in" webhook, signed): greets the caller, offers the keypress opt-out, then forwards or says goodbye. Answers TwiML.'),
  }, async (request, reply) => reply.type(xml).send(await answerInboundCall(deps, voice, signed(request))));

  app.post(`${TWILIO_VOICE_WEBHOOK_PATH}/status`, {
    schema: webhookSchema('Progress of calls to the organization\'s numbers (the number\'s call status callback, signed).'),
  }, async (request, reply) => {
    await receiveInboundProgress(deps, signed(request));
    return reply.status(204).send();
  });

  app.post<{ Params: { id: string } }>(`${TWILIO_VOICE_WEBHOOK_PATH}/calls/:id/answer`, {
    schema: { ...webhookSchema('A placed call was answered (signed): checks consent again, then connects the contact or speaks the message with the keypress opt-out. Answers TwiML.'), params: CallParams },
  }, async (request, reply) => reply.type(xml).send(await answerPlacedCall(deps, voice, signed(request), request.params.id)));

  app.post<{ Params: { id: string } }>(`${TWILIO_VOICE_WEBHOOK_PATH}/calls/:id/keypress`, {
    schema: { ...webhookSchema('The key pressed after the opt-out prompt (signed): the opt-out key opts the number out. Answers TwiML.'), params: CallParams },
  }, async (request, reply) => reply.type(xml).send(await receiveKeypress(deps, voice, signed(request), request.params.id)));

  app.post<{ Params: { id: string } }>(`${TWILIO_VOICE_WEBHOOK_PATH}/calls/:id/result`, {
    schema: { ...webhookSchema('How a connected (dialled) leg ended (signed). Answers TwiML.'), params: CallParams },
  }, async (request, reply) => reply.type(xml).send(await receiveDialResult(deps, signed(request), request.params.id)));

  app.post<{ Params: { id: string } }>(`${TWILIO_VOICE_WEBHOOK_PATH}/calls/:id/status`, {
    schema: { ...webhookSchema('Progress of a placed call: queued, ringing, in-progress, completed, busy, no-answer, failed, canceled, and its duration (signed).'), params: CallParams },
  }, async (request, reply) => {
    await receiveCallProgress(deps, signed(request), request.params.id);
    return reply.status(204).send();
  });
}

/** `<Response><Message>reply</Message></Response>`, or an empty `<Response/>` when there is nothing to say. */
export function twiml(message: string | null): string {
  const head = '<?xml version="1.0" encoding="UTF-8"?>';
  return message ? `${head}<Response><Message>${escapeXml(message)}</Message></Response>` : `${head}<Response/>`;
}

function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[ch]!);
}
