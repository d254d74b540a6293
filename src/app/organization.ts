import { AppError } from '../domain/errors.js';
import { parseStoredSettings, type OptOutSettings } from '../domain/opt-out-settings.js';
import { findOrganizationById } from '../storage/repositories/organizations.repository.js';
import type { Executor } from '../storage/executor.js';
import type { OrganizationRow } from '../storage/schema.js';

export interface OrganizationContext {
  organization: OrganizationRow;
  settings: OptOutSettings;
}

/**
 * The organization and its parsed settings, read fresh on every call (so a
 * change made on any instance applies to the next request). Only the parse
 * is remembered, keyed by the stored JSON text itself: the same text always
 * gives the same settings, so the memo can never be stale.
 */
export async function loadOrganization(db: Executor, organizationId: string): Promise<OrganizationContext> {
  const organization = await findOrganizationById(db, organizationId);
  if (!organization) throw new AppError('not_found', 'This organization no longer exists.');
  return { organization, settings: parseSettingsOnce(organization.settings) };
}

const parsedSettings = new Map<string, OptOutSettings>();

function parseSettingsOnce(json: string): OptOutSettings {
  let settings = parsedSettings.get(json);
  if (settings === undefined) {
    settings = deepFreeze(parseStoredSettings(json));
    // One entry per distinct settings text; a bound keeps many organizations from growing it without end.
    if (parsedSettings.size >= 500) parsedSettings.clear();
    parsedSettings.set(json, settings);
  }
  return settings;
}

/** Shared between requests, so nobody may change it in place. */
function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
