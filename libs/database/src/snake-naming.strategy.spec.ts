import { snakeCase, SnakeNamingStrategy } from './snake-naming.strategy';

describe('SnakeNamingStrategy', () => {
  it('spells a property the way the tables do', () => {
    expect(snakeCase('id')).toBe('id');
    expect(snakeCase('regieOrganisationId')).toBe('regie_organisation_id');
    expect(snakeCase('repeatWithin12Months')).toBe('repeat_within_12_months');
    expect(snakeCase('bsnHmac')).toBe('bsn_hmac');
  });

  it('keeps a name an entity gives explicitly', () => {
    const strategy = new SnakeNamingStrategy();
    expect(strategy.columnName('createdAt', undefined, [])).toBe('created_at');
    expect(strategy.columnName('createdAt', 'opened_at', [])).toBe('opened_at');
    expect(strategy.joinColumnName('organisation', 'id')).toBe('organisation_id');
  });
});
