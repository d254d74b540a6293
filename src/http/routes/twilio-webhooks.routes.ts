import type { FastifyInstance, FastifyRequest } from 'fastify';
import formbody from '@fastify/formbody';
import type { AppDeps } from '../../app/context.js';
import { applyTwilioStatus, authenticateTwilioWebhook, field, receiveTwilioSms, requireTwilioFieldShapes, type SignedTwilioRequest, type TwilioParams } from '../../app/providers/twilio-webhooks.js';

export const TWILIO_SMS_WEBHOOK_PATH = '/webhooks/twilio/sms';
export const TWILIO_STATUS_WEBHOOK_PATH = '/webhooks/twilio/status';

const webhookSchema = (summary: string) => ({ tags: ['Webhooks'], summary, security: [] });

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
    const organizationId = await authenticateTwilioWebhook(deps, twilioRequest, [field(twilioRequest.params, 'To')]);
    const outcome = await receiveTwilioSms(deps, organizationId, twilioRequest.params);
    return reply.type('text/xml; charset=utf-8').send(twiml(outcome.reply));
  });

  app.post(TWILIO_STATUS_WEBHOOK_PATH, {
    schema: webhookSchema('Delivery status callbacks from Twilio for texts and calls (form-encoded, signed); 403 on a bad X-Twilio-Signature.'),
  }, async (request, reply) => {
    const twilioRequest = signed(request);
    requireTwilioFieldShapes(twilioRequest.params, 'status');
    // Our number is the sender of what we sent.
    const organizationId = await authenticateTwilioWebhook(deps, twilioRequest, [field(twilioRequest.params, 'From'), field(twilioRequest.params, 'To')]);
    await applyTwilioStatus(deps, organizationId, twilioRequest.params);
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
