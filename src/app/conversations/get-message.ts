import { AppError } from '../../domain/errors.js';
import { findMessageById } from '../../storage/repositories/messages.repository.js';
import type { MessageRow } from '../../storage/schema.js';
import type { AppDeps, Principal } from '../context.js';

/** One message of the principal's organization, or not_found. */
export async function getMessage(deps: AppDeps, principal: Principal, id: string): Promise<MessageRow> {
  const message = await findMessageById(deps.db, principal.organizationId, id);
  if (!message) throw new AppError('not_found', 'No such message in this organization.');
  return message;
}
