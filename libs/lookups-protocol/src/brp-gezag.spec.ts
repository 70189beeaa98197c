import {
  gezagHeaderProblems,
  gezagRequestProblems,
  gezagResponseProblems,
  gezagUnavailableProblems,
} from './brp-gezag';

const MINOR = { burgerservicenummer: '100023757' };
const answer = (gezag: unknown[]) => ({ personen: [{ burgerservicenummer: '100023757', gezag }] });

describe('BRP API Gezag contract checks', () => {
  it('takes a request of 1 to 20 BSNs of 9 digits and nothing else', () => {
    expect(gezagRequestProblems({ burgerservicenummer: ['100023757'] })).toEqual([]);
    expect(gezagRequestProblems({ burgerservicenummer: [] })).toEqual([
      'body.burgerservicenummer: not a list of 1 to 20',
    ]);
    expect(gezagRequestProblems({ burgerservicenummer: Array(21).fill('100023757') })).toHaveLength(1);
    expect(gezagRequestProblems({ burgerservicenummer: ['12345678'] })).toEqual([
      'body.burgerservicenummer[0]: not a string of 9 digits',
    ]);
    expect(gezagRequestProblems({ burgerservicenummer: ['100023757'], doelbinding: 'x' })).toEqual([
      'body.doelbinding: not in the contract',
    ]);
    expect(gezagRequestProblems(['100023757'])).toEqual(['body: not an object']);
  });

  it('requires the OIN header, 20 digits, whatever its case', () => {
    expect(gezagHeaderProblems({ oin: '00000001823288444000' })).toEqual([]);
    expect(gezagHeaderProblems({ OIN: '00000001823288444000' })).toEqual([]);
    expect(gezagHeaderProblems({})).toEqual(['OIN: missing']);
    expect(gezagHeaderProblems({ oin: '1234' })).toEqual(['OIN: not 20 digits']);
  });

  it('takes each published type with its own members', () => {
    expect(
      gezagResponseProblems(
        answer([
          {
            type: 'TweehoofdigOuderlijkGezag',
            ouders: [{ burgerservicenummer: '123456782' }, { burgerservicenummer: '111222333' }],
            minderjarige: MINOR,
            inOnderzoek: false,
          },
          { type: 'EenhoofdigOuderlijkGezag', ouder: { burgerservicenummer: '123456782' }, minderjarige: MINOR },
          { type: 'GezamenlijkGezag', ouder: { burgerservicenummer: '123456782' }, derde: {}, minderjarige: MINOR },
          { type: 'Voogdij', derden: [{}, { burgerservicenummer: '111222333' }], minderjarige: MINOR },
          { type: 'TijdelijkGeenGezag', minderjarige: MINOR, toelichting: 'geschorst' },
          { type: 'GezagNietTeBepalen', minderjarige: MINOR, toelichting: 'in onderzoek', inOnderzoek: true },
        ]),
      ),
    ).toEqual([]);
    expect(gezagResponseProblems({ personen: [] })).toEqual([]);
    expect(gezagResponseProblems({})).toEqual([]);
  });

  it('reports what breaks the published schemas', () => {
    expect(gezagResponseProblems(answer([{ type: 'TweehoofdigOuderlijkGezag', ouders: [MINOR] }]))).toEqual([
      'body.personen[0].gezag[0].ouders: not a list of 2 to 2',
    ]);
    expect(gezagResponseProblems(answer([{ type: 'Voogdij', derden: [{}, {}, {}] }]))).toEqual([
      'body.personen[0].gezag[0].derden: not a list of 0 to 2',
    ]);
    expect(gezagResponseProblems(answer([{ type: 'EenhoofdigOuderlijkGezag', ouder: {} }]))).toEqual([
      'body.personen[0].gezag[0].ouder.burgerservicenummer: not a string of 9 digits',
    ]);
    expect(gezagResponseProblems(answer([{ type: 'Gezag' }]))).toEqual([
      'body.personen[0].gezag[0].type: not one of the published types',
    ]);
    expect(gezagResponseProblems(answer([{ type: 'Voogdij', inOnderzoek: 'nee', toelichting: 1 }]))).toEqual([
      'body.personen[0].gezag[0].inOnderzoek: not a boolean',
      'body.personen[0].gezag[0].toelichting: not a string',
    ]);
    expect(gezagResponseProblems({ personen: {} })).toEqual(['body.personen: not a list']);
  });

  it('reports members the document does not name, unless read open', () => {
    const earlier = answer([{ type: 'Voogdij', gezagsdragers: [], derden: [] }]);
    expect(gezagResponseProblems(earlier)).toEqual(['body.personen[0].gezag[0].gezagsdragers: not in the contract']);
    expect(gezagResponseProblems(earlier, { closed: false })).toEqual([]);
    // A member of another type is foreign here too.
    expect(gezagResponseProblems(answer([{ type: 'EenhoofdigOuderlijkGezag', derden: [] }]))).toEqual([
      'body.personen[0].gezag[0].derden: not in the contract',
    ]);
  });

  it('takes a JSON string as the 503 answer', () => {
    expect(gezagUnavailableProblems('Gegevensbron niet beschikbaar')).toEqual([]);
    expect(gezagUnavailableProblems({ title: 'x' })).toEqual(['body: not a string']);
  });
});
