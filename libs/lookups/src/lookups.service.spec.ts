import { custodyOf, knownByStatus } from './lookups.service';

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

describe('custody answers', () => {
  const answer = (gezag: unknown) => ok({ personen: [{ burgerservicenummer: '100023757', gezag }] });

  it('maps the first custody entry, holders by the last four digits of their BSN', () => {
    expect(
      custodyOf(
        answer([
          {
            type: 'Voogdij',
            gezagsdragers: [{ soort: 'instelling', naam: 'GI' }],
            inOnderzoek: true,
            toelichting: 'Uitspraak rechter',
          },
        ]),
        '100023757',
      ),
    ).toEqual({
      type: 'Voogdij',
      holders: [{ kind: 'instelling', name: 'GI' }],
      underInvestigation: true,
      explanation: 'Uitspraak rechter',
    });
    const two = custodyOf(
      answer([
        {
          type: 'GezamenlijkGezag',
          gezagsdragers: [{ soort: 'ouder', naam: 'A', burgerservicenummer: '123456782' }],
          inOnderzoek: false,
        },
      ]),
      '100023757',
    );
    expect(two?.holders).toEqual([{ kind: 'ouder', name: 'A', bsnLast4: '6782' }]);
  });

  it('is null for another minor, an unknown type, a missing flag or no entry', () => {
    expect(custodyOf(answer([{ type: 'Voogdij', gezagsdragers: [], inOnderzoek: false }]), '123456782')).toBeNull();
    expect(custodyOf(answer([{ type: 'Onbekend', gezagsdragers: [], inOnderzoek: false }]), '100023757')).toBeNull();
    expect(custodyOf(answer([{ type: 'Voogdij', gezagsdragers: [] }]), '100023757')).toBeNull();
    expect(custodyOf(answer([]), '100023757')).toBeNull();
    expect(custodyOf({ ok: false, failure: 'unavailable' }, '100023757')).toBeNull();
  });
});
