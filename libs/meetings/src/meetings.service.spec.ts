import { CasesException } from '@vt/cases';
import { asField } from './meetings.service';
import { MeetingsException } from './meetings.exception';

describe('a decision step refused by the case work', () => {
  it("names the field of the decision's body", async () => {
    const refused = asField(
      () => Promise.reject(CasesException.invalid('dueAt', 'in het verleden / in the past')),
      (field) => `actions.2.${field}`,
    );
    await expect(refused).rejects.toBeInstanceOf(MeetingsException);
    await expect(refused).rejects.toMatchObject({
      code: 'meetings.invalid',
      details: [{ field: 'actions.2.dueAt', message: 'in het verleden / in the past' }],
    });
  });

  it('passes other refusals on unchanged', async () => {
    const forbidden = CasesException.forbidden();
    await expect(
      asField(
        () => Promise.reject(forbidden),
        () => 'x',
      ),
    ).rejects.toBe(forbidden);
    const phase = CasesException.wrongPhase('closed', 'gesloten');
    await expect(
      asField(
        () => Promise.reject(phase),
        () => 'x',
      ),
    ).rejects.toBe(phase);
  });

  it('returns what the step returns', async () => {
    await expect(
      asField(
        () => Promise.resolve(7),
        () => 'x',
      ),
    ).resolves.toBe(7);
  });
});
