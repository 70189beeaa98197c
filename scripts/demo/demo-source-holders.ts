import { devPseudonymKey } from '@vt/lookups-protocol';
import { DEMO_ORGANISATIONS } from '../seed-data';

/** Which organisation each demo source holder answers for; the custody register is the municipality's. */
const ANSWERS_FOR: Record<string, { organisation: string; capabilities: string[] }> = {
  gi: { organisation: 'gi', capabilities: ['known_by', 'detail'] },
  rvdk: { organisation: 'rvdk', capabilities: ['known_by', 'detail'] },
  zvh: { organisation: 'zvh', capabilities: ['known_by', 'detail'] },
  gezag: { organisation: 'gemeente', capabilities: ['custody'] },
};

/** The slugs the demo registers (gi, rvdk, zvh, gezag). */
export const DEMO_SOURCE_HOLDER_SLUGS = Object.keys(ANSWERS_FOR);

interface Registered {
  id: string;
  sourceId: string;
  baseUrl: string;
}

/**
 * Registers the demo's source holders in the hub through the running api, as the platform admin
 * would: each with its development pseudonym key, at the URL it runs on this time (a busy port may
 * have moved it). Returns how many were added or moved.
 */
export async function registerDemoSourceHolders(
  apiUrl: string,
  password: string,
  holders: { slug: string; url: string }[],
): Promise<number> {
  const api = async <T>(method: string, path: string, token?: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${apiUrl}/api/v1${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`demo source holders: ${method} ${path} answered ${res.status}: ${text}`);
    return (text ? JSON.parse(text) : {}) as T;
  };
  const { accessToken } = await api<{ accessToken: string }>('POST', '/auth/login', undefined, {
    email: 'platform@beheer.example',
    password,
  });
  const organisations = await api<{ items: { id: string; name: string }[] }>('GET', '/organisations', accessToken);
  const organisationId = (slug: string) => {
    const name = DEMO_ORGANISATIONS.find((org) => org.slug === slug)?.name;
    const found = organisations.items.find((org) => org.name === name);
    if (!found) throw new Error(`demo source holders: organisation ${slug} not found`);
    return found.id;
  };
  const registered = await api<{ items: Registered[] }>('GET', '/source-holders', accessToken);
  let changed = 0;
  for (const holder of holders) {
    const spec = ANSWERS_FOR[holder.slug];
    if (!spec) continue;
    const existing = registered.items.find((item) => item.sourceId === holder.slug);
    if (existing?.baseUrl === holder.url) continue;
    if (existing) {
      await api('PATCH', `/source-holders/${existing.id}`, accessToken, { baseUrl: holder.url, active: true });
    } else {
      await api('POST', '/source-holders', accessToken, {
        sourceId: holder.slug,
        organisationId: organisationId(spec.organisation),
        baseUrl: holder.url,
        capabilities: spec.capabilities,
        pseudonymKey: devPseudonymKey(holder.slug),
      });
    }
    changed += 1;
  }
  return changed;
}
