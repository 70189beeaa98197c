import { describe, expect, it } from '@jest/globals';
import { noteDraft, releasedText } from './DetailAnswerText';

describe('a granted detail answer as note text', () => {
  it('writes nested values one per line, indented, lists as dashes, blanks as a dash', () => {
    expect(
      releasedText({ sinds: '2025-03-01', maatregelen: ['OTS', { soort: 'voogdij', tot: null }], leeg: undefined }),
    ).toBe(['sinds: 2025-03-01', 'maatregelen:', '  - OTS', '  - soort: voogdij', '    tot: —', 'leeg: —'].join('\n'));
  });

  it('names the source, the moment and each category in Dutch, unknown categories by their code', () => {
    expect(
      noteDraft('GI Utrecht', '5 dec 2026, 10:00', {
        betrokkenheid: { omschrijving: 'OTS sinds maart 2025' },
        overig: 'x',
      }),
    ).toBe(
      [
        'Verstrekt door GI Utrecht op 5 dec 2026, 10:00 (verrijkingsverzoek):',
        'Betrokkenheid:',
        '  omschrijving: OTS sinds maart 2025',
        'overig: x',
      ].join('\n'),
    );
    expect(noteDraft('GI Utrecht', null, {})).toBe('Verstrekt door GI Utrecht (verrijkingsverzoek):');
  });
});
