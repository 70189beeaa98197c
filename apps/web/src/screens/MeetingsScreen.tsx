import {
  Alert,
  Button,
  FormFieldTextarea,
  Heading2,
  Paragraph,
  Table,
  TableBody,
  TableCell,
  TableRow,
} from '@utrecht/component-library-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { FormEvent, useState } from 'react';
import { api, ApiError } from '../api';
import { formatDateTime } from '../labels';
import { hasRole, useSession } from '../session';
import { AppLink, ColumnHeaders, ScreenTitle, valueOf } from '../ui';

interface MeetingSummary {
  id: string;
  kindName: string;
  scheduledAt: string;
  status: string;
  chairUserId: string;
}

type AgendaItem =
  | { id: string; position: number; visible: false }
  | { id: string; position: number; visible: true; caseId: string; reference: string };

interface MeetingView extends MeetingSummary {
  agenda: AgendaItem[];
}

interface Minutes {
  items: (AgendaItem & { decisions?: { id: string; text: string; decidedAt: string }[] })[];
}

const dutch = (message: string) => message.split(' / ')[0];

export function MeetingsListScreen() {
  const meetings = useQuery({
    queryKey: ['meetings'],
    queryFn: () => api<{ items: MeetingSummary[] }>('GET', '/meetings'),
  });
  return (
    <div className="vt-stack">
      <ScreenTitle title="Overleggen">Overleggen</ScreenTitle>
      {meetings.isPending && <Paragraph>Bezig met laden…</Paragraph>}
      {meetings.isError && (
        <Alert type="error" role="alert">
          <Paragraph>De overleggen konden niet worden geladen: {dutch(meetings.error.message)}</Paragraph>
        </Alert>
      )}
      {meetings.data && meetings.data.items.length === 0 && <Paragraph>Geen overleggen.</Paragraph>}
      {meetings.data && meetings.data.items.length > 0 && (
        <Table>
          <ColumnHeaders columns={['Overleg', 'Gepland', 'Status']} />
          <TableBody>
            {meetings.data.items.map((m) => (
              <TableRow key={m.id}>
                <TableCell>
                  <AppLink to={`/overleg/${m.id}`}>
                    {m.kindName} van {formatDateTime(m.scheduledAt)}
                  </AppLink>
                </TableCell>
                <TableCell>{formatDateTime(m.scheduledAt)}</TableCell>
                <TableCell>{m.status === 'closed' ? 'Gesloten' : 'Open'}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </div>
  );
}

function DecisionForm({ meetingId, caseId, reference }: { meetingId: string; caseId: string; reference: string }) {
  const queries = useQueryClient();
  const [text, setText] = useState('');
  const [error, setError] = useState<string | undefined>();
  const record = useMutation({
    mutationFn: () =>
      api('POST', `/meetings/${meetingId}/items/${caseId}/decisions`, { text: text.trim(), actions: [] }),
    onSuccess: () => {
      setText('');
      void queries.invalidateQueries({ queryKey: ['meeting', meetingId] });
    },
    onError: (failure) => {
      const detail = failure instanceof ApiError ? failure.details.find((d) => d.field === 'text') : undefined;
      setError(detail ? dutch(detail.message) : undefined);
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!text.trim()) {
      setError('Vul het besluit in.');
      return;
    }
    setError(undefined);
    record.mutate();
  };
  return (
    <form onSubmit={submit} noValidate className="vt-stack" aria-label={`Besluit voor ${reference}`}>
      <FormFieldTextarea
        label={`Besluit voor ${reference}`}
        name="text"
        rows={3}
        required
        value={text}
        invalid={!!error}
        errorMessage={error}
        onChange={(event) => setText(valueOf(event))}
      />
      {record.isError && !error && (
        <Alert type="error" role="alert">
          <Paragraph>Vastleggen is niet gelukt: {dutch(record.error.message)}</Paragraph>
        </Alert>
      )}
      {record.isSuccess && <Paragraph role="status">Besluit vastgelegd in de casus.</Paragraph>}
      <Button type="submit" appearance="primary-action-button" disabled={record.isPending}>
        Besluit vastleggen
      </Button>
    </form>
  );
}

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
  const close = useMutation({
    mutationFn: () => api('POST', `/meetings/${meetingId}/close`),
    onSuccess: () => void queries.invalidateQueries({ queryKey: ['meeting', meetingId] }),
  });
  if (meeting.isPending) return <Paragraph>Bezig met laden…</Paragraph>;
  if (meeting.isError) {
    return (
      <Alert type="error" role="alert">
        <Paragraph>Dit overleg kon niet worden geladen: {dutch(meeting.error.message)}</Paragraph>
      </Alert>
    );
  }
  const m = meeting.data;
  const chairing = hasRole(user, 'chair') && m.chairUserId === user?.id && m.status !== 'closed';
  const decisionsOf = (itemId: string) => minutes.data?.items.find((i) => i.id === itemId)?.decisions ?? [];
  return (
    <div className="vt-stack">
      <ScreenTitle title={m.kindName}>
        {m.kindName} van {formatDateTime(m.scheduledAt)}
      </ScreenTitle>
      <Paragraph>Status: {m.status === 'closed' ? 'gesloten' : 'open'}</Paragraph>
      {m.agenda.map((item) => (
        <section key={item.id} aria-labelledby={`agendapunt-${item.id}`} className="vt-stack vt-person">
          {item.visible ? (
            <>
              <Heading2 id={`agendapunt-${item.id}`}>
                Agendapunt {item.position}: <AppLink to={`/casussen/${item.caseId}`}>{item.reference}</AppLink>
              </Heading2>
              {decisionsOf(item.id).map((d) => (
                <Paragraph key={d.id}>
                  Besluit ({formatDateTime(d.decidedAt)}): {d.text}
                </Paragraph>
              ))}
              {chairing && <DecisionForm meetingId={m.id} caseId={item.caseId} reference={item.reference} />}
            </>
          ) : (
            <Heading2 id={`agendapunt-${item.id}`}>
              Agendapunt {item.position}: een casus die uw organisatie niet ziet
            </Heading2>
          )}
        </section>
      ))}
      <div className="vt-row">
        <Button appearance="secondary-action-button" onClick={() => print()}>
          Verslag afdrukken
        </Button>
        {chairing && (
          <Button appearance="secondary-action-button" disabled={close.isPending} onClick={() => close.mutate()}>
            Overleg sluiten
          </Button>
        )}
      </div>
    </div>
  );
}
