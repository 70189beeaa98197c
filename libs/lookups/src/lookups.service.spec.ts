import { custodyOf, custodyView, knownByStatus } from './lookups.service';

const ok = (body: unknown, status = 200) => ({ ok: true as const, status, body });

describe('known-by answers', () => {
  it('maps the three outcomes, with the contact point of a hit', () => {
    expect(knownByStatus(ok({ uitslag: 'BEKEND', contactpunt: { naam: 'Team', telefoon: '088' } }))).toEqual({
      status: 'known',
      contact: { name: 'Team', phone: '088' },
    });
    expect(knownByStatus(ok({ uitslag: 'NIET_BEKEND' }))).toEqual({ status: 'not_known' });
    expect(knownByStatus(ok({ uitslag: 'NIET_TE_BEPALEN' }))).toEqual({ status: 'undetermined' });
  });

  it('never turns something else into not_known', () => {
    expect(knownByStatus(ok({ uitslag: 'BEKEND' }))).toEqual({ status: 'unavailable' });
    expect(knownByStatus(ok({ uitslag: 'BEKEND', contactpunt: { naam: 7 } }))).toEqual({ status: 'unavailable' });
    expect(knownByStatus(ok({ uitslag: 'niet_bekend' }))).toEqual({ status: 'unavailable' });
    expect(knownByStatus(ok({ uitslag: 'NIET_BEKEND' }, 404))).toEqual({ status: 'unavailable' });
    expect(knownByStatus(ok(null))).toEqual({ status: 'unavailable' });
    expect(knownByStatus(ok(['NIET_BEKEND']))).toEqual({ status: 'unavailable' });
    expect(knownByStatus({ ok: false, failure: 'timeout' })).toEqual({ status: 'timeout' });
    expect(knownByStatus({ ok: false, failure: 'refused' })).toEqual({ status: 'refused' });
  });
});

describe('custody answers (BRP API Gezag)', () => {
  const MINOR = '100023757';
  const answer = (gezag: unknown) => ok({ personen: [{ burgerservicenummer: MINOR, gezag }] });

  it('reads the holders of each type by BSN, inOnderzoek and toelichting', () => {
    const minderjarige = { burgerservicenummer: MINOR };
    expect(
      custodyOf(
        answer([
          {
            type: 'TweehoofdigOuderlijkGezag',
            ouders: [{ burgerservicenummer: '123456782' }, { burgerservicenummer: '111222333' }],
            minderjarige,
          },
        ]),
        MINOR,
      ),
    ).toEqual({
      type: 'TweehoofdigOuderlijkGezag',
      holders: [
        { kind: 'ouder', bsn: '123456782' },
        { kind: 'ouder', bsn: '111222333' },
      ],
      underInvestigation: false,
    });
    expect(
      custodyOf(
        answer([
          { type: 'GezamenlijkGezag', ouder: { burgerservicenummer: '123456782' }, derde: {}, inOnderzoek: true },
        ]),
        MINOR,
      ),
    ).toEqual({
      type: 'GezamenlijkGezag',
      holders: [{ kind: 'ouder', bsn: '123456782' }, { kind: 'derde' }],
      underInvestigation: true,
    });
    expect(custodyOf(answer([{ type: 'Voogdij', derden: [], minderjarige }]), MINOR)?.holders).toEqual([]);
    expect(custodyOf(answer([{ type: 'TijdelijkGeenGezag', toelichting: 'Uitspraak rechter' }]), MINOR)).toEqual({
      type: 'TijdelijkGeenGezag',
      holders: [],
      underInvestigation: false,
      explanation: 'Uitspraak rechter',
    });
  });

  it('tolerates a member a later version adds, but not a broken one', () => {
    expect(custodyOf(answer([{ type: 'Voogdij', derden: [], nieuw: 1 }]), MINOR)?.type).toBe('Voogdij');
    expect(
      custodyOf(answer([{ type: 'EenhoofdigOuderlijkGezag', ouder: { burgerservicenummer: 'x' } }]), MINOR),
    ).toBeNull();
    expect(custodyOf(answer([{ type: 'TweehoofdigOuderlijkGezag', ouders: [] }]), MINOR)).toBeNull();
  });

  it('is null for another minor, an unknown type, no entry or no answer', () => {
    expect(custodyOf(answer([{ type: 'Voogdij', derden: [] }]), '123456782')).toBeNull();
    expect(
      custodyOf(answer([{ type: 'Voogdij', derden: [], minderjarige: { burgerservicenummer: '123456782' } }]), MINOR),
    ).toBeNull();
    expect(custodyOf(answer([{ type: 'Onbekend' }]), MINOR)).toBeNull();
    expect(custodyOf(answer([]), MINOR)).toBeNull();
    expect(custodyOf(ok({ personen: [] }, 400), MINOR)).toBeNull();
    expect(custodyOf({ ok: false, failure: 'unavailable' }, MINOR)).toBeNull();
  });

  it('shows a holder in the case by name, anyone else by kind, a BSN by its last four digits', () => {
    const view = custodyView(
      {
        type: 'GezamenlijkGezag',
        holders: [{ kind: 'ouder', bsn: '123456782' }, { kind: 'derde', bsn: '111222333' }, { kind: 'derde' }],
        underInvestigation: false,
      },
      new Map([['123456782', 'Anna de Vries']]),
    );
    expect(view.holders).toEqual([
      { kind: 'ouder', name: 'Anna de Vries', bsnLast4: '6782' },
      { kind: 'derde', name: 'Derde buiten deze casus', bsnLast4: '2333' },
      { kind: 'derde', name: 'Derde zonder BSN (bijvoorbeeld een instelling)' },
    ]);
    expect(JSON.stringify(view)).not.toMatch(/123456782|111222333/);
  });
});
