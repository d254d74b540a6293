import { applySettingsChange, type OptOutSettings, type SettingsChange } from '../../domain/opt-out-settings.js';
import { updateOrganizationSettings } from '../../storage/repositories/organizations.repository.js';
import { requireAdministrator } from '../policies.js';
import type { AppDeps, Principal } from '../context.js';
import { loadOrganization } from '../organization.js';

export async function getOptOutSettings(deps: AppDeps, principal: Principal): Promise<OptOutSettings> {
  return (await loadOrganization(deps.db, principal.organizationId)).settings;
}

/** Owners and admins change keywords and replies; the result is validated as a whole before it is saved. */
export async function updateOptOutSettings(deps: AppDeps, principal: Principal, change: SettingsChange): Promise<OptOutSettings> {
  requireAdministrator(principal, 'change opt-out settings');
  const { settings } = await loadOrganization(deps.db, principal.organizationId);
  const next = applySettingsChange(settings, change);
  await updateOrganizationSettings(deps.db, principal.organizationId, JSON.stringify(next));
  return next;
}
