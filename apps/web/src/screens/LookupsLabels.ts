/** Dutch names for the codes of lookups and detail requests (the api's vocabularies). */

export const REASONS: Record<string, string> = {
  veiligheidsbeoordeling: 'Veiligheidsbeoordeling',
  onderzoek: 'Onderzoek',
  veiligheidsplan: 'Veiligheidsplan',
  acute_onveiligheid: 'Acute onveiligheid',
  casusoverleg: 'Casusoverleg',
};

// A source that did not answer is never "niet bekend": the person may well be known there.
export const OUTCOMES: Record<string, string> = {
  known: 'Bekend',
  not_known: 'Niet bekend',
  undetermined: 'Niet te bepalen',
  timeout: 'Geen antwoord op tijd (onbekend of bekend)',
  unavailable: 'Bron niet bereikbaar (onbekend of bekend)',
  refused: 'Bron weigerde de vraag (onbekend of bekend)',
};

/** Legal bases of a detail request (not those of a network partnership). */
export const DETAIL_LEGAL_BASES: Record<string, string> = {
  wettelijke_taak: 'Wettelijke taak',
  toestemming: 'Toestemming van de betrokkene',
  vitaal_belang: 'Vitaal belang',
};

export const DETAIL_CATEGORIES: Record<string, { label: string; hint: string }> = {
  betrokkenheid: { label: 'Betrokkenheid', hint: 'Sinds wanneer en waarom de organisatie betrokken is.' },
  maatregelen: { label: 'Maatregelen', hint: 'Lopende maatregelen, zoals een ondertoezichtstelling.' },
  veiligheid: { label: 'Veiligheid', hint: 'Wat de organisatie weet over de veiligheid.' },
  contactgegevens: { label: 'Contactgegevens', hint: 'Hoe de betrokken professional te bereiken is.' },
};

export const DETAIL_STATUSES: Record<string, string> = {
  pending: 'In behandeling',
  granted: 'Verstrekt',
  refused: 'Geweigerd',
  failed: 'Mislukt',
};

export const DETAIL_FAILURES: Record<string, string> = {
  no_decision: 'de bron heeft niet op tijd besloten',
  source_error: 'de bron meldde een fout (bijvoorbeeld omdat de gegevens intussen zijn gewijzigd)',
  rejected: 'de bron nam het verzoek niet aan',
  refused: 'de bron weigerde de hub',
  not_configured: 'bevragingen zijn niet ingericht',
};
