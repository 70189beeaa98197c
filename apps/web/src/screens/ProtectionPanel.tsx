import { Paragraph, UnorderedList, UnorderedListItem } from '@utrecht/component-library-react';
import { CaseView, ProtectiveMeasure, RestrainingOrder } from '../case-view';
import { formatDateTime, label } from '../labels';
import { personOptions } from './CaseWork';
import { Step } from './Steps';
import { FieldSpec, OperationForm } from './OperationForm';

const ORDER_ADVICES: Record<string, string> = { extend: 'Verlengen', end: 'Niet verlengen' };
const ORDER_DECISIONS: Record<string, string> = {
  extended: 'Verlengd',
  not_extended: 'Niet verlengd',
  lifted: 'Ingetrokken',
};
export const PROTECTIVE_MEASURE_TYPES: Record<string, string> = {
  contact_ban: 'Contactverbod',
  area_ban: 'Gebiedsverbod',
  electronic_monitoring: 'Enkelband (elektronisch toezicht)',
  victim_alarm: 'Alarmapparaat voor het slachtoffer (AWARE)',
};

const personName = (c: CaseView, id: string | null) => {
  const person = c.persons.find((p) => p.id === id);
  return person ? `${person.firstName} ${person.lastName}` : 'onbekend';
};

/** The order's course in words: imposed on whom, until when or ended, advised, decided. */
function orderCourse(c: CaseView, o: RestrainingOrder): string {
  const imposed = `Opgelegd aan ${personName(c, o.subjectPersonId)} op ${formatDateTime(o.imposedAt)} door ${o.imposedBy}`;
  const parts = [
    `${imposed}, ${o.endedAt ? `beëindigd per ${formatDateTime(o.endedAt)}` : `loopt tot ${formatDateTime(o.endsAt)}`}`,
  ];
  if (o.advice) parts.push(`advies: ${label(ORDER_ADVICES, o.advice).toLowerCase()} (${formatDateTime(o.advisedAt)})`);
  if (o.decision) {
    parts.push(`besluit: ${label(ORDER_DECISIONS, o.decision).toLowerCase()} (${formatDateTime(o.decidedAt)})`);
  }
  return parts.join(' · ');
}

/** The forms of one order, each offered only when the api says this user may. */
function OrderSteps({ c, o }: { c: CaseView; o: RestrainingOrder }) {
  const path = `/restraining-orders/${o.id}`;
  return (
    <>
      {o.mayAdvise && (
        <Step title="Advies over verlenging geven">
          <OperationForm
            caseId={c.id}
            title="Advies over verlenging"
            path={`${path}/advice`}
            fields={[
              {
                name: 'advice',
                label: 'Advies',
                type: 'select',
                options: ORDER_ADVICES,
                placeholder: 'Kies een advies',
              },
              {
                name: 'summary',
                label: 'Onderbouwing',
                type: 'textarea',
                missing: 'Vul de onderbouwing van het advies in.',
              },
            ]}
            confirmation="Advies over verlenging gegeven."
          />
        </Step>
      )}
      {o.mayDecide && (
        <Step title="Besluit van de burgemeester vastleggen">
          <OperationForm
            caseId={c.id}
            title="Besluit van de burgemeester"
            path={`${path}/decision`}
            fields={[
              {
                name: 'decision',
                label: 'Besluit',
                type: 'select',
                options: ORDER_DECISIONS,
                placeholder: 'Kies een besluit',
              },
              {
                name: 'until',
                label: 'Verlengd tot',
                type: 'datetime',
                optional: true,
                description: 'Alleen bij verlengen: ten hoogste 28 dagen na het opleggen.',
              },
            ]}
            confirmation="Besluit van de burgemeester vastgelegd."
          />
        </Step>
      )}
      {o.mayRecordBreach && (
        <Step title="Overtreding vastleggen">
          <OperationForm
            caseId={c.id}
            title="Overtreding van het huisverbod"
            path={`${path}/breaches`}
            fields={[
              {
                name: 'occurredAt',
                label: 'Tijdstip van de overtreding',
                type: 'datetime',
                missing: 'Vul de datum en tijd van de overtreding in.',
              },
              {
                name: 'description',
                label: 'Wat is er gebeurd?',
                type: 'textarea',
                missing: 'Beschrijf wat er is gebeurd.',
                description:
                  'De regisseur en de politie in het netwerk krijgen bericht; het risico moet opnieuw worden beoordeeld.',
              },
            ]}
            confirmation="Overtreding vastgelegd; de regisseur en de politie hebben bericht gekregen."
          />
        </Step>
      )}
    </>
  );
}

function MeasureItem({ c, m }: { c: CaseView; m: ProtectiveMeasure }) {
  const who = [
    m.subjectPersonId && `betreft ${personName(c, m.subjectPersonId)}`,
    m.protectedPersonId && `beschermt ${personName(c, m.protectedPersonId)}`,
  ].filter(Boolean);
  return (
    <UnorderedListItem>
      {label(PROTECTIVE_MEASURE_TYPES, m.type)} ({who.join(', ')}), door {m.authority}, vanaf{' '}
      {formatDateTime(m.startsAt)}
      {m.endsAt ? ` tot ${formatDateTime(m.endsAt)}` : ''}
      {m.status === 'ended' ? ` — beëindigd ${formatDateTime(m.endedAt)}${m.endReason ? `: ${m.endReason}` : ''}` : ''}
      {m.description ? `. ${m.description}` : ''}
      {m.mayUpdate && (
        <>
          <Step title="Einddatum wijzigen">
            <OperationForm
              caseId={c.id}
              title="Einddatum wijzigen"
              method="PATCH"
              path={`/protective-measures/${m.id}`}
              fields={[
                {
                  name: 'endsAt',
                  label: 'Nieuwe einddatum',
                  type: 'datetime',
                  missing: 'Vul de nieuwe einddatum en tijd in.',
                },
              ]}
              confirmation="Einddatum gewijzigd."
            />
          </Step>
          <Step title="Maatregel beëindigen">
            <OperationForm
              caseId={c.id}
              title="Maatregel beëindigen"
              method="PATCH"
              path={`/protective-measures/${m.id}`}
              fields={[
                { name: 'status', label: 'Status', type: 'select', options: { ended: 'Beëindigd' } },
                { name: 'endReason', label: 'Reden', type: 'textarea', optional: true },
              ]}
              confirmation="Maatregel beëindigd."
            />
          </Step>
        </>
      )}
    </UnorderedListItem>
  );
}

const MEASURE_FIELDS = (c: CaseView): FieldSpec[] => [
  {
    name: 'type',
    label: 'Soort maatregel',
    type: 'select',
    options: PROTECTIVE_MEASURE_TYPES,
    placeholder: 'Kies',
    missing: 'Kies de soort maatregel.',
  },
  {
    name: 'subjectPersonId',
    label: 'Geldt voor',
    type: 'select',
    options: personOptions(c),
    placeholder: 'Niemand in het bijzonder',
    optional: true,
  },
  {
    name: 'protectedPersonId',
    label: 'Beschermt',
    type: 'select',
    options: personOptions(c),
    placeholder: 'Niemand in het bijzonder',
    optional: true,
  },
  {
    name: 'authority',
    label: 'Opgelegd of geleverd door',
    type: 'text',
    missing: 'Vul in wie de maatregel heeft opgelegd of geleverd.',
  },
  { name: 'startsAt', label: 'Ingangsdatum', type: 'datetime', missing: 'Vul de ingangsdatum en tijd in.' },
  {
    name: 'endsAt',
    label: 'Einddatum',
    type: 'datetime',
    optional: true,
    description: 'De regisseur krijgt een week en een dag van tevoren een herinnering.',
  },
  { name: 'description', label: 'Toelichting', type: 'textarea', optional: true },
];

/** Restraining orders, each with its whole course (advice, the mayor's decision, breaches) and its steps. */
export function RestrainingOrders({ c }: { c: CaseView }) {
  const orders = c.restrainingOrders ?? [];
  if (orders.length === 0) return <Paragraph>Geen huisverbod.</Paragraph>;
  return (
    <UnorderedList aria-label="Huisverboden">
      {orders.map((o) => (
        <UnorderedListItem key={o.id}>
          {orderCourse(c, o)}
          {o.adviceSummary && <Paragraph>Advies: {o.adviceSummary}</Paragraph>}
          {o.breaches.length > 0 && (
            <UnorderedList aria-label="Overtredingen">
              {o.breaches.map((b) => (
                <UnorderedListItem key={b.id}>
                  Overtreding op {formatDateTime(b.occurredAt)}: {b.description}
                </UnorderedListItem>
              ))}
            </UnorderedList>
          )}
          <OrderSteps c={c} o={o} />
        </UnorderedListItem>
      ))}
    </UnorderedList>
  );
}

/** Other protective measures, and recording one where this user may record orders. */
export function ProtectiveMeasures({ c }: { c: CaseView }) {
  const measures = c.protectiveMeasures ?? [];
  return (
    <>
      {measures.length === 0 ? (
        <Paragraph>Geen andere beschermingsmaatregelen.</Paragraph>
      ) : (
        <UnorderedList aria-label="Maatregelen">
          {measures.map((m) => (
            <MeasureItem key={m.id} c={c} m={m} />
          ))}
        </UnorderedList>
      )}
      {c.allowedOperations.includes('record_restraining_order') && (
        <Step title="Beschermingsmaatregel vastleggen">
          <OperationForm
            caseId={c.id}
            title="Beschermingsmaatregel vastleggen"
            path="/protective-measures"
            fields={MEASURE_FIELDS(c)}
            confirmation="Beschermingsmaatregel vastgelegd."
          />
        </Step>
      )}
    </>
  );
}
