import { Paragraph, UnorderedList, UnorderedListItem } from '@utrecht/component-library-react';
import { CaseView, partnerName } from '../case-view';
import { formatDateTime, label, NOTE_CATEGORIES, NOTE_READERS } from '../labels';
import { Step } from './Steps';
import { OperationForm } from './OperationForm';

/**
 * The note categories a user with these roles may write in on this case, as the api's note rule
 * has it: the categories the case shows them (`visibleCategories`), and medical for medical users.
 */
export function noteCategoriesOf(c: CaseView, roles: string[]): Record<string, string> {
  const categories: string[] = c.visibleCategories.filter((category) => category in NOTE_CATEGORIES);
  if (roles.includes('medical')) categories.push('medical');
  return Object.fromEntries(
    categories.map((category) => [category, `${NOTE_CATEGORIES[category]}: ${NOTE_READERS[category]}`]),
  );
}

/** A note on the case; `initial` fills the text in (a granted detail answer, for instance). */
export function NoteForm(props: {
  caseId: string;
  categories: Record<string, string>;
  title: string;
  initial?: string;
  onDone?: () => void;
}) {
  return (
    <OperationForm
      caseId={props.caseId}
      title={props.title}
      path="/notes"
      fields={[
        {
          name: 'category',
          label: 'Wie mag de notitie lezen',
          type: 'select',
          options: props.categories,
          placeholder: 'Kies een categorie',
          missing: 'Kies wie de notitie mag lezen.',
        },
        { name: 'text', label: 'Notitie', type: 'textarea', initial: props.initial, missing: 'Vul de notitie in.' },
      ]}
      confirmation="Notitie toegevoegd."
      onDone={props.onDone}
    />
  );
}

/** The notes this user may read, oldest first, and a new one where they may write one. */
export function CaseNotes({ c, categories }: { c: CaseView; categories: Record<string, string> }) {
  return (
    <>
      {c.notes.length === 0 ? (
        <Paragraph>Geen notities die u mag lezen.</Paragraph>
      ) : (
        <UnorderedList>
          {c.notes.map((n) => (
            <UnorderedListItem key={n.id} className="vt-note">
              {formatDateTime(n.createdAt)}, {partnerName(c, n.organisationId)} (
              {label(NOTE_CATEGORIES, n.category).toLowerCase()}): {n.text}
            </UnorderedListItem>
          ))}
        </UnorderedList>
      )}
      {Object.keys(categories).length > 0 && (
        <Step title="Notitie toevoegen">
          <NoteForm caseId={c.id} categories={categories} title="Notitie toevoegen" />
        </Step>
      )}
    </>
  );
}
