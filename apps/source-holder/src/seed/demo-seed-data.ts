import type { SourceHolderSeed } from './source-holder-seed';

/**
 * The demo's source holders, overlapping the demo cases (scripts/demo/demo-cases.ts): Anna de Vries
 * (123456782) is known at `gi` and `zvh`, Bram de Vries (111222333) at `rvdk`; every other pair is a
 * miss. A Veilig Thuis caseworker's detail request is granted by `gi`'s policy, refused by
 * `rvdk`'s (unless for an investigation) and left for a person at `zvh`. All data is fictitious.
 */
export const DEMO_BSN = {
  anna: '123456782',
  bram: '111222333',
  /** A child of Anna and Bram in the custody register, with this BSN in the demo case too. */
  sem: '100023757',
  unconfirmed: '100039595',
} as const;

const NO_RECORDS: Omit<SourceHolderSeed, 'policy' | 'contactPoints'> = { persons: [], custody: [] };

export const DEMO_SEEDS: Record<string, SourceHolderSeed> = {
  gi: {
    ...NO_RECORDS,
    contactPoints: [
      {
        code: 'jb-utrecht-west',
        naam: 'Team Jeugdbescherming Utrecht-West (demo)',
        telefoon: '088 000 0101',
        email: 'jb-west@gi.example',
      },
    ],
    persons: [
      {
        bsn: DEMO_BSN.anna,
        dossierReferentie: 'GI-2025-0142',
        contactpunt: 'jb-utrecht-west',
        gegevens: {
          betrokkenheid: { sinds: '2025-03-01', aard: 'Moeder van een kind onder toezicht (demo)' },
          maatregelen: [{ soort: 'ondertoezichtstelling', sinds: '2025-03-01', tot: '2026-12-01' }],
          contactgegevens: { jeugdbeschermer: 'J. Jansen (demo)', telefoon: '088 000 0111' },
          veiligheid: { afspraken: 'Veiligheidsplan met moeder sinds maart 2025 (demo)' },
        },
      },
      {
        bsn: DEMO_BSN.sem,
        dossierReferentie: 'GI-2025-0143',
        contactpunt: 'jb-utrecht-west',
        gegevens: { maatregelen: [{ soort: 'ondertoezichtstelling', sinds: '2025-03-01', tot: '2026-12-01' }] },
      },
      {
        bsn: DEMO_BSN.unconfirmed,
        dossierReferentie: 'GI-2024-0977',
        contactpunt: 'jb-utrecht-west',
        identiteitBevestigd: false,
        gegevens: {},
      },
    ],
    policy: [
      {
        organisationKind: 'veilig_thuis',
        legalBasis: 'wettelijke_taak',
        decision: 'TOEKENNEN',
        categories: ['betrokkenheid', 'maatregelen', 'contactgegevens'],
      },
      { organisationKind: 'veilig_thuis', legalBasis: 'toestemming', decision: 'BEOORDELEN' },
      {
        organisationKind: 'police',
        legalBasis: 'wettelijke_taak',
        decision: 'TOEKENNEN',
        categories: ['betrokkenheid', 'contactgegevens'],
      },
    ],
  },
  rvdk: {
    ...NO_RECORDS,
    contactPoints: [
      {
        code: 'rvdk-midden',
        naam: 'Raad voor de Kinderbescherming, regio Midden-Nederland (demo)',
        telefoon: '088 000 0202',
        email: 'midden@rvdk.example',
      },
    ],
    persons: [
      {
        bsn: DEMO_BSN.bram,
        dossierReferentie: 'RvdK-2026-0033',
        contactpunt: 'rvdk-midden',
        gegevens: {
          betrokkenheid: { sinds: '2026-06-15', aard: 'Vader in een lopend beschermingsonderzoek (demo)' },
          contactgegevens: { raadsonderzoeker: 'M. de Boer (demo)', telefoon: '088 000 0222' },
        },
      },
    ],
    policy: [
      {
        organisationKind: 'veilig_thuis',
        reason: 'onderzoek',
        legalBasis: 'wettelijke_taak',
        decision: 'TOEKENNEN',
        categories: ['betrokkenheid', 'contactgegevens'],
      },
      {
        organisationKind: 'veilig_thuis',
        decision: 'WEIGEREN',
        refusalReason:
          'De Raad verstrekt Veilig Thuis alleen gegevens voor een lopend onderzoek op wettelijke grondslag; ' +
          'bel het contactpunt. / The board only discloses to Veilig Thuis for an ongoing investigation ' +
          'on a statutory basis; call the contact point.',
      },
      {
        legalBasis: 'toestemming',
        decision: 'WEIGEREN',
        refusalReason:
          'De Raad verstrekt geen gegevens op grond van toestemming. / The board does not disclose on consent.',
      },
    ],
  },
  zvh: {
    ...NO_RECORDS,
    contactPoints: [
      {
        code: 'casusregie',
        naam: 'Zorg- en Veiligheidshuis, procesregie (demo)',
        telefoon: '088 000 0303',
        email: 'procesregie@zvh.example',
      },
    ],
    persons: [
      {
        bsn: DEMO_BSN.anna,
        dossierReferentie: 'ZVH-2026-0007',
        contactpunt: 'casusregie',
        gegevens: {
          betrokkenheid: { sinds: '2026-09-01', aard: 'Besproken in het casusoverleg (demo)' },
          veiligheid: { afspraken: 'Procesregie bij het Zorg- en Veiligheidshuis (demo)' },
        },
      },
    ],
    // No rules: a person at the safety house decides every detail request.
    policy: [],
  },
  gezag: {
    contactPoints: [],
    persons: [],
    policy: [],
    custody: [
      {
        bsn: DEMO_BSN.sem,
        gezag: [
          {
            type: 'TweehoofdigOuderlijkGezag',
            ouders: [{ burgerservicenummer: DEMO_BSN.anna }, { burgerservicenummer: DEMO_BSN.bram }],
            inOnderzoek: false,
          },
        ],
      },
      {
        bsn: '100126704',
        gezag: [{ type: 'EenhoofdigOuderlijkGezag', ouder: { burgerservicenummer: '100601844' }, inOnderzoek: false }],
      },
      {
        bsn: '100174218',
        gezag: [
          {
            type: 'GezamenlijkGezag',
            ouder: { burgerservicenummer: '100617682' },
            derde: { burgerservicenummer: '100665196' },
            inOnderzoek: false,
          },
        ],
      },
      {
        // A guardian institution has no BSN: one third party without it.
        bsn: '100372193',
        gezag: [{ type: 'Voogdij', derden: [{}], inOnderzoek: false }],
      },
      {
        bsn: '100419707',
        gezag: [
          {
            type: 'TijdelijkGeenGezag',
            inOnderzoek: false,
            toelichting: 'Gezag van de ouder geschorst; voorlopige voogdij is aangevraagd (demo)',
          },
        ],
      },
      {
        bsn: '100475140',
        gezag: [
          {
            type: 'GezagNietTeBepalen',
            inOnderzoek: true,
            toelichting: 'Gegevens over de erkenning zijn in onderzoek (demo)',
          },
        ],
      },
    ],
  },
};
