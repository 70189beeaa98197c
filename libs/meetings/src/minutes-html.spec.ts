import { escapeHtml, MinutesView, renderMinutesHtml } from './minutes-html';

const minutes = (overrides: Partial<MinutesView> = {}): MinutesView => ({
  kind: 'mda',
  kindName: 'MDA++-overleg',
  scheduledAt: new Date('2026-11-26T09:00:00Z'),
  status: 'closed',
  closedAt: new Date('2026-11-26T11:00:00Z'),
  participants: [{ organisationId: 'o-1', organisationName: 'Politie <Oost>' }],
  items: [
    {
      id: 'i-1',
      position: 1,
      visible: true,
      reference: 'VT-2026-000001',
      decisions: [
        {
          text: 'Besluit "<b>vet</b>" & meer',
          regisseurUserId: 'u-1',
          decidedAt: new Date('2026-11-26T10:00:00Z'),
          actions: [
            {
              assigneeOrganisationName: 'GI & co',
              description: "<img src=x onerror='x'>",
              dueAt: new Date('2026-12-01T16:00:00Z'),
              status: 'done',
            },
          ],
        },
      ],
    },
    { id: 'i-2', position: 2, visible: false },
  ],
  ...overrides,
});

describe('printable minutes', () => {
  it('escapes every character that could open markup', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
    expect(escapeHtml(null)).toBe('');
  });

  it('renders a Dutch page with everything from the data escaped', () => {
    const html = renderMinutesHtml(minutes());
    expect(html).toContain('<html lang="nl">');
    expect(html).toContain('<title>Verslag MDA++-overleg</title>');
    expect(html).toContain('Politie &lt;Oost&gt;');
    expect(html).toContain('Besluit &quot;&lt;b&gt;vet&lt;/b&gt;&quot; &amp; meer');
    expect(html).toContain('&lt;img src=x onerror=&#39;x&#39;&gt;');
    expect(html).toContain('GI &amp; co');
    expect(html).toContain('uitgevoerd');
    expect(html).toContain('Agendapunt 1: casus VT-2026-000001');
    expect(html).not.toMatch(/<(b|img)[ >]/);
  });

  it('shows an item outside the reader reach by its position only', () => {
    const html = renderMinutesHtml(minutes());
    expect(html).toMatch(/<h2>Agendapunt 2<\/h2><p class="hidden">/);
    expect(html).not.toContain('i-2');
  });

  it('loads nothing from elsewhere and runs no script', () => {
    const html = renderMinutesHtml(minutes());
    expect(html).not.toMatch(/<script|<link|https?:/i);
  });

  it('marks minutes of an open meeting as a draft', () => {
    expect(renderMinutesHtml(minutes({ status: 'open', closedAt: null }))).toContain('Concept');
  });
});
