/** The presenters, each beside the TypeBox schema of what it returns (presenters/*.schema.ts). */
export { presentApiKey, presentOrganization, presentUser } from './presenters/accounts.presenter.js';
export { presentContact, presentOptOut, presentOptOutState } from './presenters/contacts.presenter.js';
export { presentCall, presentConsentEvent, presentConversationEntry, presentMessage } from './presenters/conversation.presenter.js';
export { presentReviewItem } from './presenters/review.presenter.js';
export { presentEnrollment, presentSequence } from './presenters/sequences.presenter.js';
export { presentPhoneNumber } from './presenters/settings.presenter.js';
export { presentWebhookDelivery, presentWebhookEndpoint } from './presenters/webhooks.presenter.js';
