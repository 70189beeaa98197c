import {
  Alert,
  Button,
  Heading2,
  Heading3,
  Paragraph,
  UnorderedList,
  UnorderedListItem,
} from '@utrecht/component-library-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { api } from '../api';
import type { components } from '../api-types';
import type { OrganisationList } from '../api-models';
import { AlertRegion, useFocusAfterRender } from '../forms';
import { ACTION_STATUSES, formatDate, formatDateTime, label, PERSON_ROLES, PHASES, RISK_LEVELS } from '../labels';
import { hasRole, useSession } from '../session';
import { AppLink, ScreenTitle } from '../ui';
import { AddAgendaItemForm } from './MeetingAgendaForm';
import { MeetingDecisionForm } from './MeetingDecisionForm';
import { ItemPreparation, Preparation } from './MeetingPreparation';

type Schemas = components['schemas'];

/** GET /meetings/{id}: each agenda item hidden (`visible: false`) or the case as the caller may see it. */
type MeetingView = Schemas['MeetingDto'];

type VisibleItem = Schemas['VisibleAgendaItemDto'];

type Decision = Schemas['MeetingDecisionDto'];

/** GET /meetings/{id}/minutes: of a closed meeting, what stood at closing (`frozen`). */
type Minutes = Schemas['MeetingMinutesDto'];

/**
 * The minutes of a closed meeting as they stood at closing: chair, participants, and per agenda
 * item the decisions with their actions, every date absolute, so a printed copy reads the same
 * next month. Controls are left out of print by the stylesheet.
 */
function ClosedMinutes({ minutes }: { minutes: Minutes }) {
  return (
    <section aria-labelledby="verslag" className="vt-stack vt-minutes">
      <Heading2 id="verslag">Verslag</Heading2>
      <Paragraph>
        Gesloten op {formatDateTime(minutes.closedAt)}. Voorzitter: {minutes.chair.name ?? 'onbekend'}
        {minutes.chair.organisationName ? ` (${minutes.chair.organisationName})` : ''}.
      </Paragraph>
      <Paragraph>
        Deelnemende organisaties:{' '}
        {minutes.participants.map((p) => p.organisationName ?? 'Onbekende organisatie').join(', ')}.
      </Paragraph>
      {minutes.items.map((item) => (
        <section key={item.id} aria-labelledby={`verslag-${item.id}`} className="vt-stack">
          {item.visible ? (
            <>
              <Heading3 id={`verslag-${item.id}`}>
                Agendapunt {item.position}: {item.reference} (fase bij sluiten:{' '}
                {label(PHASES, item.phase).toLowerCase()})
              </Heading3>
              {!item.decisions?.length ? (
                <Paragraph>Geen besluiten.</Paragraph>
              ) : (
                <UnorderedList>
                  {item.decisions.map((d) => (
                    <UnorderedListItem key={d.id}>
                      Besluit ({formatDateTime(d.decidedAt)}): {d.text}
                      {d.regisseurUserId && ' Nieuwe regisseur aangewezen.'}
                      {d.actions && d.actions.length > 0 && (
                        <UnorderedList>
                          {d.actions.map((a) => (
                            <UnorderedListItem key={a.id}>
                              Afspraak: {a.description} — {a.assigneeOrganisationName ?? 'Onbekende organisatie'},
                              uiterlijk {formatDateTime(a.dueAt)} ({label(ACTION_STATUSES, a.status).toLowerCase()} bij
                              sluiten)
                            </UnorderedListItem>
                          ))}
                        </UnorderedList>
                      )}
                    </UnorderedListItem>
                  ))}
                </UnorderedList>
              )}
            </>
          ) : (
            <Heading3 id={`verslag-${item.id}`}>
              Agendapunt {item.position}: een casus die uw organisatie niet ziet
            </Heading3>
          )}
        </section>
      ))}
    </section>
  );
}

/** The decisions about one case so far, with the regie change and the actions they made. */
function Decisions({
  decisions,
  item,
  organisationName,
}: {
  decisions: Decision[];
  item: VisibleItem;
  organisationName: (id: string) => string;
}) {
  if (decisions.length === 0) return <Paragraph>Nog geen besluiten.</Paragraph>;
  return (
    <UnorderedList>
      {decisions.map((d) => (
        <UnorderedListItem key={d.id}>
          Besluit ({formatDateTime(d.decidedAt)}): {d.text}
          {d.regisseurUserId &&
            ` Nieuwe regisseur aangewezen${
              item.regisseur?.userId === d.regisseurUserId
                ? ` bij ${organisationName(item.regisseur.organisationId)}`
                : ''
            }.`}
          {d.actions && d.actions.length > 0 && (
            <UnorderedList>
              {d.actions.map((a) => (
                <UnorderedListItem key={a.id}>
                  Afspraak: {a.description} — {a.assigneeOrganisationName ?? 'Onbekende organisatie'}, uiterlijk{' '}
                  {formatDate(a.dueAt)}, {label(ACTION_STATUSES, a.status).toLowerCase()}
                </UnorderedListItem>
              ))}
            </UnorderedList>
          )}
        </UnorderedListItem>
      ))}
    </UnorderedList>
  );
}

/**
 * One meeting: the agenda as the caller's organisation may see it and the decisions so far; for
 * a chair of the holding organisation the preparation per case and, while open, deciding, adding
 * cases and closing.
 */
export function MeetingScreen({ meetingId }: { meetingId: string }) {
  const { user } = useSession();
  const queries = useQueryClient();
  const meeting = useQuery({
    queryKey: ['meeting', meetingId],
    queryFn: () => api<MeetingView>('GET', `/meetings/${meetingId}`),
  });
  const minutes = useQuery({
    queryKey: ['meeting', meetingId, 'minutes'],
    queryFn: () => api<Minutes>('GET', `/meetings/${meetingId}/minutes`),
  });
  // The api lets every chair of the holding organisation run the meeting, not only its planner.
  const runs = hasRole(user, 'chair') && meeting.data?.organisationId === user?.organisationId;
  const preparation = useQuery({
    queryKey: ['meeting', meetingId, 'preparation'],
    queryFn: () => api<Preparation>('GET', `/meetings/${meetingId}/preparation`),
    enabled: runs,
  });
  const organisations = useQuery({
    queryKey: ['organisations'],
    queryFn: () => api<OrganisationList>('GET', '/organisations'),
  });
  // Closing cannot be undone (no decision can be recorded after it), so it is asked twice.
  const [confirming, setConfirming] = useState(false);
  const closingRef = useRef<HTMLDivElement>(null);
  const closeButtonRef = useRef<HTMLButtonElement>(null);
  const focus = useFocusAfterRender();
  const close = useMutation({
    mutationFn: () => api('POST', `/meetings/${meetingId}/close`),
    onSuccess: () =>
      void queries.invalidateQueries({
        queryKey: ['meeting', meetingId],
        // Whom a decision may make regisseur is asked only of an open meeting (409 once closed).
        predicate: (query) => query.queryKey[2] !== 'candidates',
      }),
    onSettled: () => {
      setConfirming(false);
      focus.to(closingRef);
    },
  });
  if (meeting.isPending) return <Paragraph>Bezig met laden…</Paragraph>;
  if (meeting.isError) {
    return (
      <Alert type="error" role="alert">
        <Paragraph>Dit overleg kon niet worden geladen: {meeting.error.message}</Paragraph>
      </Alert>
    );
  }
  const m = meeting.data;
  const open = m.status !== 'closed';
  const organisationName = (id: string) =>
    organisations.data?.items.find((o) => o.id === id)?.name ?? 'Onbekende organisatie';
  const decisionsOf = (itemId: string) => {
    const found = minutes.data?.items.find((i) => i.id === itemId);
    return found?.visible ? (found.decisions ?? []) : [];
  };
  const preparedOf = (itemId: string) => {
    const prepared = preparation.data?.items.find((i) => i.id === itemId);
    return prepared?.visible ? prepared : undefined;
  };
  return (
    <div className="vt-stack">
      <ScreenTitle title={m.kindName}>
        {m.kindName} van {formatDateTime(m.scheduledAt)}
      </ScreenTitle>
      <Paragraph>Status: {open ? 'open' : 'gesloten'}</Paragraph>
      {open && (
        <Paragraph>
          Deelnemers: {m.participants.map((p) => p.organisationName ?? 'Onbekende organisatie').join(', ')}
        </Paragraph>
      )}
      {!open && minutes.data && <ClosedMinutes minutes={minutes.data} />}
      {runs && preparation.isError && (
        <Alert type="error" role="alert">
          <Paragraph>De voorbereiding kon niet worden geladen: {preparation.error.message}</Paragraph>
        </Alert>
      )}
      {open &&
        m.agenda.map((item) => {
          const prepared = item.visible ? preparedOf(item.id) : undefined;
          return (
            <section key={item.id} aria-labelledby={`agendapunt-${item.id}`} className="vt-stack vt-person">
              {item.visible ? (
                <>
                  <Heading2 id={`agendapunt-${item.id}`}>
                    Agendapunt {item.position}: <AppLink to={`/casussen/${item.caseId}`}>{item.reference}</AppLink>
                  </Heading2>
                  <Paragraph>
                    Fase: {label(PHASES, item.phase)}
                    {item.riskLevel !== undefined &&
                      ` · risico ${label(RISK_LEVELS, item.riskLevel).toLowerCase()}`} ·{' '}
                    {item.regisseur
                      ? `regie bij ${organisationName(item.regisseur.organisationId)}`
                      : 'nog geen regisseur'}
                  </Paragraph>
                  <Paragraph>
                    Betrokkenen:{' '}
                    {item.persons
                      .map((p) => `${p.firstName} ${p.lastName} (${label(PERSON_ROLES, p.role).toLowerCase()})`)
                      .join(', ') || 'geen'}
                  </Paragraph>
                  {prepared && <ItemPreparation item={prepared} organisationName={organisationName} />}
                  <Heading3>Besluiten</Heading3>
                  <Decisions decisions={decisionsOf(item.id)} item={item} organisationName={organisationName} />
                  {runs && open && (
                    <MeetingDecisionForm meetingId={m.id} caseId={item.caseId} reference={item.reference} />
                  )}
                </>
              ) : (
                <Heading2 id={`agendapunt-${item.id}`}>
                  Agendapunt {item.position}: een casus die uw organisatie niet ziet
                </Heading2>
              )}
            </section>
          );
        })}
      {runs && open && (
        <section aria-labelledby="agenda-toevoegen" className="vt-stack">
          <Heading2 id="agenda-toevoegen">Casus aan de agenda toevoegen</Heading2>
          <AddAgendaItemForm
            meetingId={m.id}
            onAgenda={m.agenda.flatMap((item) => (item.visible ? [item.caseId] : []))}
          />
        </section>
      )}
      <AlertRegion
        ref={closingRef}
        type="error"
        message={close.isError && `Sluiten is niet gelukt: ${close.error.message}`}
      >
        {close.isSuccess && <Paragraph role="status">Het overleg is gesloten.</Paragraph>}
        {confirming && (
          <Paragraph>
            Na het sluiten kunnen geen besluiten meer worden vastgelegd. Wilt u het overleg nu sluiten?
          </Paragraph>
        )}
      </AlertRegion>
      <div className="vt-row">
        <Button appearance="secondary-action-button" onClick={() => print()}>
          Verslag afdrukken
        </Button>
        {runs && open && !confirming && (
          <Button
            ref={closeButtonRef}
            appearance="secondary-action-button"
            onClick={() => {
              setConfirming(true);
              focus.to(closingRef);
            }}
          >
            Overleg sluiten
          </Button>
        )}
        {runs && open && confirming && (
          <>
            <Button appearance="primary-action-button" disabled={close.isPending} onClick={() => close.mutate()}>
              Ja, overleg sluiten
            </Button>
            <Button
              appearance="secondary-action-button"
              onClick={() => {
                setConfirming(false);
                focus.to(closeButtonRef);
              }}
            >
              Annuleren
            </Button>
          </>
        )}
      </div>
    </div>
  );
}
