import type { Logger } from 'pino';
import type { MessagingProvider, OutboundCall, OutboundText } from './provider.js';

export type ConsoleDelivery = ({ kind: 'text' } & OutboundText) | ({ kind: 'call' } & OutboundCall);

/**
 * The built-in provider for trying the product without a carrier: it logs
 * each text or call and sends nothing anywhere. Its ids derive from the
 * message id, so delivering the same message twice is visibly the same send.
 */
export function createConsoleProvider(logger: Logger, onDeliver?: (delivery: ConsoleDelivery) => void): MessagingProvider {
  return {
    name: 'console',
    async prepareText(text) {
      return {
        send: async () => {
          logger.info({ provider: 'console', messageId: text.messageId, from: text.from, to: text.to, body: text.body }, 'console provider: text sent (not delivered anywhere)');
          onDeliver?.({ kind: 'text', ...text });
          return { providerMessageId: `console-${text.messageId}` };
        },
      };
    },
    async prepareCall(call) {
      return {
        send: async () => {
          logger.info({ provider: 'console', callId: call.callId, from: call.from, to: call.to }, 'console provider: call placed (not dialled anywhere)');
          onDeliver?.({ kind: 'call', ...call });
          return { providerCallId: `console-${call.callId}` };
        },
      };
    },
  };
}
