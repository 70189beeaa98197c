import { DefaultNamingStrategy, NamingStrategyInterface } from 'typeorm';

/** `repeatWithin12Months` → `repeat_within_12_months`: the tables' own spelling of a property. */
export function snakeCase(property: string): string {
  return property
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([a-zA-Z])([0-9])/g, '$1_$2')
    .toLowerCase();
}

/**
 * Columns are named from their properties in snake_case, so entities name a column only where it
 * differs from its property. Tables stay named by their entities.
 */
export class SnakeNamingStrategy extends DefaultNamingStrategy implements NamingStrategyInterface {
  override columnName(propertyName: string, customName: string | undefined, embeddedPrefixes: string[]): string {
    return customName ?? snakeCase([...embeddedPrefixes, propertyName].join('_'));
  }

  override joinColumnName(relationName: string, referencedColumnName: string): string {
    return snakeCase(`${relationName}_${referencedColumnName}`);
  }
}
