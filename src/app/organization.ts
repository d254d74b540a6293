import { AppError } from '../domain/errors.js';
import { parseStoredSettings, type OptOutSettings } from '../domain/opt-out-settings.js';
import { findOrganizationById } from '../storage/repositories/organizations.repository.js';
import type { Executor } from '../storage/executor.js';
import type { OrganizationRow } from '../storage/schema.js';

export interface OrganizationContext {
  organization: OrganizationRow;
  settings: OptOutSettings;
}

export async function loadOrganization(db: Executor, organizationId: string): Promise<OrganizationContext> {
  const organization = await findOrganizationById(db, organizationId);
  if (!organization) throw new AppError('not_found', 'This organization no longer exists.');
  return { organization, settings: parseStoredSettings(organization.settings) };
}
