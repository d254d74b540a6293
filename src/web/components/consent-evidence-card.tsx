import { Link } from 'react-router-dom';
import { apiUrl } from '../api/client.js';
import type { Contact } from '../api/types.js';
import { Card } from './ui.js';

/** Links to the contact's consent evidence: the readable report and its CSV. */
export function ConsentEvidenceCard({ contact }: { contact: Contact }) {
  return (
    <Card headingId="evidence-heading" title="Consent report">
      <p className="muted small">
        Every opt-out and opt-in of this number with the exact text behind it, the rule matched, the confirmation sent, who acted, and a check that the record was
        not altered.
      </p>
      <div className="form-actions">
        <Link className="button button-secondary" to={`/contacts/${contact.id}/consent-report`}>
          View evidence
        </Link>
        <a className="button button-secondary" href={apiUrl(`/contacts/${contact.id}/consent-report`, { format: 'csv' })} download>
          Download CSV
        </a>
      </div>
    </Card>
  );
}
