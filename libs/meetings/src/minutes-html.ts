import { dutchTime } from '@vt/deadlines';

/** The minutes as the reader may see them (the JSON answer of the minutes endpoint). */
export interface MinutesView {
  kind: string;
  kindName: string;
  scheduledAt: Date;
  status: string;
  closedAt: Date | null;
  participants: { organisationId: string; organisationName: string | null }[];
  items: MinutesItem[];
}

type MinutesItem =
  | { id: string; position: number; visible: false }
  | {
      id: string;
      position: number;
      visible: true;
      reference?: unknown;
      phase?: unknown;
      decisions?: {
        text: string;
        regisseurUserId: string | null;
        decidedAt: Date;
        actions?: { assigneeOrganisationName: string | null; description: string; dueAt: Date; status: string }[];
      }[];
    };

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (c) => ENTITIES[c]);
}

const STATUS: Record<string, string> = { open: 'open', done: 'uitgevoerd', blocked: 'geblokkeerd' };

/**
 * A printable Dutch page of the minutes. Everything from the data is escaped; no scripts and no
 * external assets, so it prints the same anywhere and the content security policy can deny all.
 */
export function renderMinutesHtml(minutes: MinutesView): string {
  const title = `Verslag ${minutes.kindName}`;
  const participants = minutes.participants.map(
    (p) => `<li>${escapeHtml(p.organisationName ?? p.organisationId)}</li>`,
  );
  const items = minutes.items.map((item) => {
    if (!item.visible) {
      return `<section><h2>Agendapunt ${item.position}</h2><p class="hidden">Uw organisatie neemt niet deel aan het netwerk van deze casus; de inhoud wordt niet getoond.</p></section>`;
    }
    const decisions = (item.decisions ?? []).map((d) => {
      const actions = d.actions?.length
        ? `<table><thead><tr><th>Afspraak</th><th>Uitvoerder</th><th>Uiterlijk</th><th>Status</th></tr></thead><tbody>${d.actions
            .map(
              (a) =>
                `<tr><td>${escapeHtml(a.description)}</td><td>${escapeHtml(a.assigneeOrganisationName)}</td><td>${escapeHtml(
                  dutchTime(new Date(a.dueAt)),
                )}</td><td>${escapeHtml(STATUS[a.status] ?? a.status)}</td></tr>`,
            )
            .join('')}</tbody></table>`
        : '';
      const regie = d.regisseurUserId ? '<p>Regie: nieuwe regisseur aangewezen.</p>' : '';
      return `<li><p>${escapeHtml(d.text)}</p><p class="meta">Besloten ${escapeHtml(dutchTime(new Date(d.decidedAt)))}</p>${regie}${actions}</li>`;
    });
    return `<section><h2>Agendapunt ${item.position}: casus ${escapeHtml(item.reference)}</h2>${
      decisions.length ? `<ol>${decisions.join('')}</ol>` : '<p>Geen besluiten.</p>'
    }</section>`;
  });
  const status = minutes.closedAt
    ? `Gesloten ${escapeHtml(dutchTime(new Date(minutes.closedAt)))}`
    : 'Concept: het overleg is nog niet gesloten';
  return `<!DOCTYPE html>
<html lang="nl">
<head>
<meta charset="utf-8">
<title>${escapeHtml(title)}</title>
<style>
body { font-family: serif; margin: 2em; color: #000; }
h1 { font-size: 1.4em; } h2 { font-size: 1.1em; margin-top: 1.5em; }
table { border-collapse: collapse; width: 100%; } th, td { border: 1px solid #444; padding: 0.2em 0.4em; text-align: left; }
.meta, .hidden { color: #444; font-style: italic; }
@media print { body { margin: 0; } section { break-inside: avoid; } }
</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
<p>Datum: ${escapeHtml(dutchTime(new Date(minutes.scheduledAt)))}. ${status}.</p>
<h2>Deelnemende organisaties</h2>
<ul>${participants.join('')}</ul>
${items.join('\n')}
<p class="meta">Vertrouwelijk: dit verslag bevat alleen de casussen die uw organisatie mag inzien.</p>
</body>
</html>
`;
}
