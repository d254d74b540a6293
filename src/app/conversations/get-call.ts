import { AppError } from '../../domain/errors.js';
import { findCallById } from '../../storage/repositories/calls.repository.js';
import type { CallRow } from '../../storage/schema.js';
import type { AppDeps, Principal } from '../context.js';

/** One call of the principal's organization, or not_found. */
export async function getCall(deps: AppDeps, principal: Principal, id: string): Promise<CallRow> {
  const call = await findCallById(deps.db, principal.organizationId, id);
  if (!call) throw new AppError('not_found', 'No such call in this organization.');
  return call;
}
