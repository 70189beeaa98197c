import { rulesToAST } from '@casl/ability/extra';
import { Brackets, EntityMetadata } from 'typeorm';
import type { Action, AppAbility, SubjectType } from './ability.factory';

interface AstNode {
  operator: string;
  field?: string;
  value: unknown;
}

let parameterCounter = 0;

/**
 * Turns the ability's rules for (action, subject) into a SQL condition on `alias`, so list queries
 * are filtered by exactly the rules the guard uses. No rule means no rows.
 */
export function accessibleBy(
  ability: AppAbility,
  action: Action,
  subjectType: SubjectType,
  alias: string,
  metadata: EntityMetadata,
): Brackets {
  return new Brackets((qb) => {
    const params: Record<string, unknown> = {};
    const sql = rulesSql(ability, action, subjectType, {
      column: (field) => column(field, alias, metadata),
      placeholder: (value) => {
        const name = `acl_${++parameterCounter}`;
        params[name] = value;
        return `:${name}`;
      },
    });
    qb.where(sql, params);
  });
}

/** A condition with its values taken out: `parts` around each value, in order. */
interface SqlTemplate {
  parts: string[];
  values: unknown[];
}

// Marks a value's place while a template is made; no column name or operator holds it.
const VALUE_MARK = '\u0000';

/**
 * The same condition for a hand-written statement: columns are the fields in snake_case on
 * `alias`, and each value is appended to `params` as the next `$n`. Made once per ability, action,
 * subject and alias; each statement only numbers the values.
 */
export function accessibleSql(
  ability: AppAbility,
  action: Action,
  subjectType: SubjectType,
  alias: string,
  params: unknown[],
): string {
  const template = memo(templates, ability, `${action} ${subjectType} ${alias}`, () => {
    const values: unknown[] = [];
    const sql = rulesSql(ability, action, subjectType, {
      column: (field) => `${alias}.${field.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`)}`,
      placeholder: (value) => {
        values.push(value);
        return VALUE_MARK;
      },
    });
    return { parts: sql.split(VALUE_MARK), values };
  });
  let sql = template.parts[0];
  template.values.forEach((value, i) => {
    sql += `$${params.push(value)}${template.parts[i + 1]}`;
  });
  return sql;
}

interface SqlDialect {
  column(field: string): string;
  placeholder(value: unknown): string;
}

/**
 * An ability is made per request and never updated, and a request asks for the same condition
 * several times (a dashboard five), each time walking every rule: what is derived from an ability's
 * rules is kept with the ability, per key.
 */
function memo<T>(store: WeakMap<AppAbility, Map<string, T>>, ability: AppAbility, key: string, make: () => T): T {
  let ofAbility = store.get(ability);
  if (!ofAbility) store.set(ability, (ofAbility = new Map()));
  let value = ofAbility.get(key);
  if (value === undefined) ofAbility.set(key, (value = make()));
  return value;
}

const trees = new WeakMap<AppAbility, Map<string, AstNode | null>>();
const templates = new WeakMap<AppAbility, Map<string, SqlTemplate>>();

function rulesSql(ability: AppAbility, action: Action, subjectType: SubjectType, dialect: SqlDialect): string {
  const ast = memo(
    trees,
    ability,
    `${action} ${subjectType}`,
    () => rulesToAST(ability, action, subjectType) as AstNode | null,
  );
  return ast === null ? 'FALSE' : toSql(ast, dialect);
}

function column(field: string, alias: string, metadata: EntityMetadata): string {
  const col = metadata.findColumnWithPropertyName(field);
  if (!col) throw new Error(`access rule names unknown field ${metadata.name}.${field}`);
  return `"${alias}"."${col.databaseName}"`;
}

function toSql(node: AstNode, dialect: SqlDialect): string {
  const children = () => (node.value as AstNode[]).map((child) => toSql(child, dialect));
  switch (node.operator) {
    case 'and': {
      const parts = children();
      return parts.length === 0 ? 'TRUE' : `(${parts.join(' AND ')})`;
    }
    case 'or': {
      const parts = children();
      return parts.length === 0 ? 'FALSE' : `(${parts.join(' OR ')})`;
    }
    case 'not':
      return `NOT ${children()[0] ?? 'TRUE'}`;
  }
  const target = dialect.column(node.field as string);
  if (node.operator === 'eq' && node.value === null) return `${target} IS NULL`;
  const value = dialect.placeholder(node.value);
  switch (node.operator) {
    case 'eq':
      return `${target} = ${value}`;
    case 'ne':
      // CASL treats null as a value; IS DISTINCT FROM keeps SQL's three-valued logic out of it.
      return `${target} IS DISTINCT FROM ${value}`;
    case 'in':
      return `${target} = ANY(${value})`;
    case 'nin':
      return `NOT COALESCE(${target} = ANY(${value}), FALSE)`;
    case 'lt':
      return `${target} < ${value}`;
    case 'lte':
      return `${target} <= ${value}`;
    case 'gt':
      return `${target} > ${value}`;
    case 'gte':
      return `${target} >= ${value}`;
    default:
      throw new Error(`access rule operator ${node.operator} has no SQL translation`);
  }
}
