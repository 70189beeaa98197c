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

/**
 * The same condition for a hand-written statement: columns are the fields in snake_case on
 * `alias`, and each value is appended to `params` as the next `$n`.
 */
export function accessibleSql(
  ability: AppAbility,
  action: Action,
  subjectType: SubjectType,
  alias: string,
  params: unknown[],
): string {
  return rulesSql(ability, action, subjectType, {
    column: (field) => `${alias}.${field.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`)}`,
    placeholder: (value) => `$${params.push(value)}`,
  });
}

interface SqlDialect {
  column(field: string): string;
  placeholder(value: unknown): string;
}

/**
 * The rules' tree per ability, action and subject. An ability is made per request and never
 * updated, and a request asks for the same condition several times (a dashboard five), each
 * time walking every rule; the tree is computed once and each statement gets its own values.
 */
const trees = new WeakMap<AppAbility, Map<string, AstNode | null>>();

function rulesTree(ability: AppAbility, action: Action, subjectType: SubjectType): AstNode | null {
  let ofAbility = trees.get(ability);
  if (!ofAbility) trees.set(ability, (ofAbility = new Map()));
  const key = `${action} ${subjectType}`;
  let tree = ofAbility.get(key);
  if (tree === undefined) {
    tree = rulesToAST(ability, action, subjectType) as AstNode | null;
    ofAbility.set(key, tree);
  }
  return tree;
}

function rulesSql(ability: AppAbility, action: Action, subjectType: SubjectType, dialect: SqlDialect): string {
  const ast = rulesTree(ability, action, subjectType);
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
