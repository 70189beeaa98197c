import { Paragraph, UnorderedList, UnorderedListItem } from '@utrecht/component-library-react';
import { CaseReport, CaseView } from '../case-view';
import { OtherRegions } from './OtherRegions';
import {
  ASSESSMENT_DECISIONS,
  ASSESSMENT_OUTCOMES,
  CHANNELS,
  formatDateTime,
  label,
  plural,
  REPORTER_KINDS,
} from '../labels';

/** Who reported, as far as the receiving organisation recorded it. */
function reporterText(reporter: NonNullable<CaseReport['reporter']>): string {
  const { kind, name, organisation, phone, email } = reporter;
  return [label(REPORTER_KINDS, kind), name, organisation, phone, email].filter(Boolean).join(', ');
}

/**
 * The reports (meldingen) in the case, oldest first: when and how they came in, who reported
 * (only at the receiving organisation) and what was reported (with the narrative category), and
 * the radar's finding for the receiving organisation.
 */
export function CaseReports({ c }: { c: CaseView }) {
  const withoutNarrative = c.reports.some((r) => r.narrative === undefined);
  return (
    <>
      {c.radar && (
        <>
          <Paragraph>
            Radar:{' '}
            {c.radar.relatedCases === 0
              ? 'geen eerdere casussen met deze betrokkenen'
              : `${plural(c.radar.relatedCases, 'eerdere casus', 'eerdere casussen')} met deze betrokkenen`}
            {c.radar.repeatWithin12Months ? '; herhaalde melding binnen 12 maanden.' : '.'}
          </Paragraph>
          <OtherRegions regions={c.radar.otherRegions} />
        </>
      )}
      <UnorderedList>
        {c.reports.map((r) => (
          <UnorderedListItem key={r.id} className="vt-note">
            Ontvangen {formatDateTime(r.receivedAt)} via {label(CHANNELS, r.channel).toLowerCase()}
            {r.acute ? ', acute melding' : ''}.{r.reporter && ` Melder: ${reporterText(r.reporter)}.`}
            {r.narrative !== undefined && `\n${r.narrative || 'Geen verslag vastgelegd.'}`}
          </UnorderedListItem>
        ))}
      </UnorderedList>
      {withoutNarrative && <Paragraph>Uw organisatie ziet het verslag van de meldingen niet.</Paragraph>}
    </>
  );
}

/** The safety assessment, the investigation's conclusion and the closing, as far as the caller sees them. */
export function CaseDecisions({ c }: { c: CaseView }) {
  const assessment = c.safetyAssessment;
  const lines = [
    assessment &&
      `Veiligheidsbeoordeling ${formatDateTime(assessment.assessedAt)}: ${label(ASSESSMENT_OUTCOMES, assessment.outcome).toLowerCase()}, besluit ${label(ASSESSMENT_DECISIONS, assessment.decision).toLowerCase()}.`,
    c.assessmentSummary && `Samenvatting van de beoordeling: ${c.assessmentSummary}`,
    c.investigationConclusion && `Conclusie van het onderzoek: ${c.investigationConclusion}`,
    c.closedAt && `Afgesloten ${formatDateTime(c.closedAt)}${c.closeReason ? `: ${c.closeReason}` : '.'}`,
  ].filter((line): line is string => !!line);
  if (lines.length === 0) {
    return (
      <Paragraph>
        {c.safetyAssessment === undefined
          ? 'Uw organisatie ziet de beoordeling van deze casus niet.'
          : 'Nog geen veiligheidsbeoordeling vastgelegd.'}
      </Paragraph>
    );
  }
  return (
    <UnorderedList>
      {lines.map((line) => (
        <UnorderedListItem key={line} className="vt-note">
          {line}
        </UnorderedListItem>
      ))}
    </UnorderedList>
  );
}
