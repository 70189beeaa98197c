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
  const ast = rulesToAST(ability, action, subjectType) as AstNode | null;
  return new Brackets((qb) => {
    if (ast === null) {
      qb.where('FALSE');
      return;
    }
    const params: Record<string, unknown> = {};
    const sql = toSql(ast, alias, metadata, params);
    qb.where(sql, params);
  });
}

function column(field: string, alias: string, metadata: EntityMetadata): string {
  const col = metadata.findColumnWithPropertyName(field);
  if (!col) throw new Error(`access rule names unknown field ${metadata.name}.${field}`);
  return `"${alias}"."${col.databaseName}"`;
}

function toSql(node: AstNode, alias: string, metadata: EntityMetadata, params: Record<string, unknown>): string {
  const children = () => (node.value as AstNode[]).map((child) => toSql(child, alias, metadata, params));
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
  const target = column(node.field as string, alias, metadata);
  const name = `acl_${++parameterCounter}`;
  params[name] = node.value;
  switch (node.operator) {
    case 'eq':
      return node.value === null ? `${target} IS NULL` : `${target} = :${name}`;
    case 'ne':
      // CASL treats null as a value; IS DISTINCT FROM keeps SQL's three-valued logic out of it.
      return `${target} IS DISTINCT FROM :${name}`;
    case 'in':
      return `${target} = ANY(:${name})`;
    case 'nin':
      return `NOT COALESCE(${target} = ANY(:${name}), FALSE)`;
    case 'lt':
      return `${target} < :${name}`;
    case 'lte':
      return `${target} <= :${name}`;
    case 'gt':
      return `${target} > :${name}`;
    case 'gte':
      return `${target} >= :${name}`;
    default:
      throw new Error(`access rule operator ${node.operator} has no SQL translation`);
  }
}
