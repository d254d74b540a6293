import { PageHeader } from '../components/ui.js';
import { SimulateForm } from '../components/simulate-form.js';

/** Try the product without an SMS provider: text the organization as if from a phone. */
export function SimulatePage() {
  return (
    <div className="page-narrow-content">
      <PageHeader
        title="Simulate inbound text"
        subtitle="Pretend to be a contact texting your business. The text goes through the same inbound path as a real provider's: and is recorded as a simulated text typed by you: STOP opts the number out and HELP gets the help reply, but START never opts a number back in — only the contact's own text or an attested opt-in can."
      />
      <section className="card">
        <SimulateForm />
      </section>
    </div>
  );
}
