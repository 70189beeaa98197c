import {
  Alert,
  Button,
  FormFieldCheckbox,
  Heading2,
  Paragraph,
  UnorderedList,
  UnorderedListItem,
} from '@utrecht/component-library-react';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { api } from '../api';
import type { components } from '../api-types';
import { useFocusAfterRender } from '../forms';
import { formatDateTime } from '../labels';
import { AppLink, ScreenTitle } from '../ui';
import { NotificationPreferencesForm } from './NotificationPreferencesForm';

type Notification = components['schemas']['NotificationDto'];

/** Where a notification leads: its case, or for a summary of breaches (no case) the breached terms. */
function NotificationLink({ n }: { n: Notification }) {
  if (n.caseId) return <AppLink to={`/casussen/${n.caseId}`}>Naar de casus</AppLink>;
  if (n.kind === 'deadline_breached')
    return <AppLink to="/termijnen?lijst=verlopen">Naar de verlopen termijnen</AppLink>;
  return null;
}

export function NotificationsScreen() {
  const queries = useQueryClient();
  const [unreadOnly, setUnreadOnly] = useState(true);
  const inbox = useInfiniteQuery({
    queryKey: ['notifications', unreadOnly],
    queryFn: ({ pageParam }) => {
      const params = new URLSearchParams({ limit: '50' });
      if (unreadOnly) params.set('unread', 'true');
      if (pageParam) params.set('cursor', pageParam);
      return api<components['schemas']['NotificationPageDto']>('GET', `/notifications?${params}`);
    },
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  // The item (and its button) leaves the unread list, so what happened is said above the list, with focus.
  const [marked, setMarked] = useState<string | null>(null);
  const markedRef = useRef<HTMLDivElement>(null);
  const focus = useFocusAfterRender();
  const markRead = useMutation({
    mutationFn: (n: Notification) => api('POST', `/notifications/${n.id}/read`),
    onSuccess: (_, n) => {
      void queries.invalidateQueries({ queryKey: ['notifications'] });
      setMarked(n.title);
      focus.to(markedRef);
    },
  });
  const items = inbox.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <div className="vt-stack">
      <ScreenTitle title="Berichten">Berichten</ScreenTitle>
      <FormFieldCheckbox
        label="Alleen ongelezen berichten"
        name="unread"
        checked={unreadOnly}
        onChange={(event) => setUnreadOnly(event.target.checked)}
      />
      <div ref={markedRef} tabIndex={-1}>
        {marked && <Paragraph role="status">Gemarkeerd als gelezen: {marked}.</Paragraph>}
      </div>
      {inbox.isPending && <Paragraph>Bezig met laden…</Paragraph>}
      {inbox.isError && (
        <Alert type="error" role="alert">
          <Paragraph>De berichten konden niet worden geladen: {inbox.error.message}</Paragraph>
        </Alert>
      )}
      {inbox.isSuccess && items.length === 0 && <Paragraph>Geen berichten.</Paragraph>}
      <UnorderedList>
        {items.map((n) => (
          <UnorderedListItem key={n.id}>
            <article aria-labelledby={`bericht-${n.id}`} className="vt-stack">
              <Heading2 id={`bericht-${n.id}`}>
                {n.title}
                {n.readAt ? '' : ' (ongelezen)'}
              </Heading2>
              <Paragraph>
                {formatDateTime(n.createdAt)} — {n.body}
              </Paragraph>
              <div className="vt-row">
                <NotificationLink n={n} />
                {!n.readAt && (
                  <Button appearance="subtle-button" onClick={() => markRead.mutate(n)}>
                    Markeer als gelezen
                  </Button>
                )}
              </div>
            </article>
          </UnorderedListItem>
        ))}
      </UnorderedList>
      {inbox.hasNextPage && (
        <Button appearance="secondary-action-button" onClick={() => void inbox.fetchNextPage()}>
          Meer berichten laden
        </Button>
      )}
      <NotificationPreferencesForm />
    </div>
  );
}
