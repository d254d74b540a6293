import { useEffect, useRef, useState } from 'react';
import { api } from '../api/client.js';
import type { Contact } from '../api/types.js';

/**
 * Contacts by id, fetched once each (enrollments carry only the contact's id
 * and phone). Missing or deleted contacts stay absent; callers show the phone.
 */
export function useContacts(ids: readonly string[]): Map<string, Contact> {
  const [contacts, setContacts] = useState<Map<string, Contact>>(() => new Map());
  const asked = useRef(new Set<string>());
  const wanted = [...new Set(ids)].filter((id) => !contacts.has(id) && !asked.current.has(id)).sort().join(',');

  useEffect(() => {
    if (!wanted) return;
    const controller = new AbortController();
    const batch = wanted.split(',');
    void Promise.all(
      batch.map((id) => api.get<Contact>(`/contacts/${id}`, { signal: controller.signal }).catch(() => null)),
    ).then((found) => {
      if (controller.signal.aborted) return;
      for (const id of batch) asked.current.add(id);
      setContacts((current) => {
        const next = new Map(current);
        for (const contact of found) if (contact) next.set(contact.id, contact);
        return next;
      });
    });
    return () => controller.abort();
  }, [wanted]);

  return contacts;
}
