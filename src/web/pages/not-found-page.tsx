import { Link } from 'react-router-dom';
import { PageHeader } from '../components/ui.js';

export function NotFoundPage() {
  return (
    <>
      <PageHeader title="Page not found" />
      <p>There is no page at this address.</p>
      <p>
        <Link to="/contacts">Go to contacts</Link>
      </p>
    </>
  );
}
