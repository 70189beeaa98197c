/**
 * Demo cases, registered through the running api like a caseworker would, so the demo shows the
 * real flow: intake, radar (also across regions), regie, partners, a safety plan and an Actie-overleg.
 * Skipped when vt-midden has cases.
 */
interface Session {
  token: string;
  userId: string;
}

const DAY_MS = 86_400_000;

export async function seedDemoCases(apiUrl: string, password: string): Promise<number> {
  const api = async <T>(method: string, path: string, token?: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${apiUrl}/api/v1${path}`, {
      method,
      headers: {
        'content-type': 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`demo cases: ${method} ${path} answered ${res.status}: ${text}`);
    return (text ? JSON.parse(text) : {}) as T;
  };
  const login = async (email: string): Promise<Session> => {
    const session = await api<{ accessToken: string; user: { id: string } }>('POST', '/auth/login', undefined, {
      email,
      password,
    });
    return { token: session.accessToken, userId: session.user.id };
  };

  const caseworker = await login('caseworker@vt-midden.example');
  const existing = await api<{ items: unknown[] }>('GET', '/cases?limit=1', caseworker.token);
  if (existing.items.length > 0) return 0;
  const supervisor = await login('supervisor@vt-midden.example');
  const organisations = await api<{ items: { id: string; name: string }[] }>('GET', '/organisations', caseworker.token);
  const orgId = (name: string) => organisations.items.find((o) => o.name.startsWith(name))!.id;
  const daysAgo = (days: number) => new Date(Date.now() - days * DAY_MS).toISOString();
  const household = [
    { role: 'victim', bsn: '123456782', firstName: 'Anna', lastName: 'de Vries', dateOfBirth: '1990-01-31' },
    { role: 'suspect', bsn: '111222333', firstName: 'Bram', lastName: 'de Vries', dateOfBirth: '1988-05-02' },
    { role: 'child', bsn: '100023757', firstName: 'Sem', lastName: 'de Vries', dateOfBirth: '2018-09-14' },
  ];
  const report = (overrides: Record<string, unknown>) => ({
    acute: false,
    channel: 'professional',
    reporter: { kind: 'professional', name: 'Huisarts (demo)', organisation: 'Huisartsenpraktijk (demo)' },
    violenceTypes: ['partner_violence'],
    redFlags: [],
    narrative: 'Demo-melding: fictieve gegevens.',
    ...overrides,
  });

  const first = await api<{ id: string }>(
    'POST',
    '/cases',
    caseworker.token,
    report({ receivedAt: daysAgo(200), persons: household, redFlags: ['separation'] }),
  );
  await api('POST', `/cases/${first.id}/safety-assessment`, caseworker.token, {
    outcome: 'safe',
    decision: 'close',
    summary: 'Demo: geen vervolg nodig.',
  });
  // The same household again: the radar links it and flags the repeat within 12 months.
  const second = await api<{ id: string }>(
    'POST',
    '/cases',
    caseworker.token,
    report({
      receivedAt: daysAgo(2),
      persons: household,
      violenceTypes: ['partner_violence', 'child_abuse'],
      redFlags: ['strangulation', 'separation', 'coercive_control'],
    }),
  );
  await api('PUT', `/cases/${second.id}/regisseur`, supervisor.token, {
    userId: caseworker.userId,
    reason: 'Demo: toegewezen door teamleider',
  });
  for (const [name, categories] of [
    ['Politie', ['basic', 'safety']],
    ['Gecertificeerde', ['basic']],
  ] as const) {
    await api('POST', `/cases/${second.id}/partners`, caseworker.token, {
      organisationId: orgId(name),
      legalBasis: 'statutory',
      legalBasisRef: 'Demo: wettelijke taak',
      categories,
    });
  }
  await api('POST', `/cases/${second.id}/actions`, caseworker.token, {
    assigneeOrganisationId: orgId('Politie'),
    description: 'Demo: risicotaxatie en huisbezoek',
    dueAt: new Date(Date.now() + 3 * DAY_MS).toISOString(),
  });
  // Tomorrow's Actie-overleg about the second case; the OM takes part but is outside the case's
  // network, so it sees the agenda item as an opaque entry until the regisseur adds it.
  const chair = await login('chair@vt-midden.example');
  const meeting = await api<{ id: string }>('POST', '/meetings', chair.token, {
    kind: 'action_meeting',
    scheduledAt: new Date(Date.now() + DAY_MS).toISOString(),
    organisationIds: [orgId('Politie'), orgId('Openbaar'), orgId('Gecertificeerde')],
    caseIds: [second.id],
  });
  await api('POST', `/meetings/${meeting.id}/items/${second.id}/decisions`, chair.token, {
    text: 'Demo: politie spreekt Bram aan; Veilig Thuis houdt de regie.',
    actions: [
      {
        assigneeOrganisationId: orgId('Politie'),
        description: 'Demo: stopgesprek met Bram',
        dueAt: new Date(Date.now() + 7 * DAY_MS).toISOString(),
      },
    ],
  });
  // An acute report nobody has picked up yet: on the waiting list.
  await api(
    'POST',
    '/cases',
    caseworker.token,
    report({
      receivedAt: daysAgo(0),
      acute: true,
      channel: 'police',
      reporter: { kind: 'police', organisation: 'Politie (demo)' },
      persons: [{ role: 'victim', firstName: 'Fatima', lastName: 'El Amrani', dateOfBirth: '1979-03-08' }],
      redFlags: ['threat_to_kill', 'weapon'],
    }),
  );
  // Bram moved north: Veilig Thuis Noord's report about him shows that Veilig Thuis Midden knows
  // him too, and whom to call there (the radar across regions), without anything of Midden's case.
  const north = await login('caseworker@vt-noord.example');
  await api(
    'POST',
    '/cases',
    north.token,
    report({
      receivedAt: daysAgo(1),
      persons: [
        { role: 'victim', firstName: 'Lotte', lastName: 'Bakker', dateOfBirth: '1992-11-20' },
        household.find((person) => person.role === 'suspect'),
      ],
    }),
  );
  return 4;
}
