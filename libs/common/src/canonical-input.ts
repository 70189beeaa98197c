import type { NextFunction, Request, Response } from 'express';
import { CommonException, FieldError } from './domain.exception';

/** Any UUID as a client may type it; `canonicalUuid` gives the one form that is used and stored. */
const ANY_CASE_UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const CANONICAL_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** NUL, and a UTF-16 surrogate without its partner (JSON can carry one): PostgreSQL stores neither. */
const UNSTORABLE = '\\u0000|[\\uD800-\\uDBFF](?![\\uDC00-\\uDFFF])|(?<![\\uD800-\\uDBFF])[\\uDC00-\\uDFFF]';
const UNSTORABLE_CHARACTER = new RegExp(UNSTORABLE);
/** Every unstorable character, for replacing them. */
export const UNSTORABLE_CHARACTERS = new RegExp(UNSTORABLE, 'g');

/** Deeper than any body the apps take; a deeper one is refused before it can overflow the stack. */
export const MAX_BODY_DEPTH = 32;

export function isCanonicalUuid(value: unknown): value is string {
  return typeof value === 'string' && CANONICAL_UUID.test(value);
}

/** The stored form of a UUID (PostgreSQL's `uuid` answers lower case); anything else unchanged. */
export function canonicalUuid(value: string): string {
  return ANY_CASE_UUID.test(value) ? value.toLowerCase() : value;
}

/** Text PostgreSQL refuses: a NUL character, or a lone UTF-16 surrogate. */
export function unstorableText(value: string): boolean {
  return UNSTORABLE_CHARACTER.test(value);
}

const UNSTORABLE_MESSAGE =
  'bevat een teken dat niet kan worden opgeslagen (NUL of ongepaard surrogaat) / contains a character that cannot be stored';
const TOO_DEEP_MESSAGE = `te diep genest (meer dan ${MAX_BODY_DEPTH} niveaus) / nested too deeply (over ${MAX_BODY_DEPTH} levels)`;

/**
 * Walks a parsed value in document order with an explicit stack (a deep body costs no recursion):
 * UUIDs become canonical in place, and every string or key that cannot be stored is named. A value
 * nested deeper than `MAX_BODY_DEPTH` is one problem at its root.
 */
export function canonicaliseValue(root: unknown, rootPath: string): { value: unknown; problems: FieldError[] } {
  const problems: FieldError[] = [];
  const holder: Record<string, unknown> = { root };
  type Slot = { parent: Record<string, unknown>; key: string; path: string; depth: number };
  const stack: Slot[] = [{ parent: holder, key: 'root', path: rootPath, depth: 0 }];
  while (stack.length > 0) {
    const { parent, key, path, depth } = stack.pop()!;
    const item = parent[key];
    if (typeof item === 'string') {
      if (unstorableText(item)) problems.push({ field: path || 'body', message: UNSTORABLE_MESSAGE });
      parent[key] = canonicalUuid(item);
      continue;
    }
    if (!item || typeof item !== 'object') continue;
    if (depth >= MAX_BODY_DEPTH) {
      return { value: holder.root, problems: [{ field: rootPath || 'body', message: TOO_DEEP_MESSAGE }] };
    }
    const container = item as Record<string, unknown>;
    const keys = Object.keys(container);
    for (const child of keys) {
      if (unstorableText(child)) problems.push({ field: path || 'body', message: UNSTORABLE_MESSAGE });
    }
    for (let i = keys.length - 1; i >= 0; i--) {
      stack.push({ parent: container, key: keys[i], path: path ? `${path}.${keys[i]}` : keys[i], depth: depth + 1 });
    }
  }
  return { value: holder.root, problems };
}

function decoded(part: string): string | null {
  try {
    return decodeURIComponent(part.replace(/\+/g, ' '));
  } catch {
    return null;
  }
}

/** One path segment or query value: a UUID in canonical form, refused text named. */
function canonicalPart(part: string, field: string, problems: FieldError[]): string {
  const text = decoded(part);
  if (text === null || unstorableText(text)) {
    problems.push({ field, message: UNSTORABLE_MESSAGE });
    return part;
  }
  return ANY_CASE_UUID.test(text) ? text.toLowerCase() : part;
}

declare module 'express-serve-static-core' {
  interface Request {
    /** What the edge refused in the path, query or body; answered with 400 once the caller is known. */
    inputProblems?: FieldError[];
  }
}

/**
 * The one place ids become canonical: every UUID in the path, the query and the JSON body is
 * lower-cased before routing, validation, audit or hashing see it, so what is hashed is what
 * PostgreSQL stores. Text the database cannot store is recorded on the request, so it is refused
 * (and audited) before any handler runs. Runs after the body parser.
 */
export function canonicalInputMiddleware(req: Request, _res: Response, next: NextFunction): void {
  const problems: FieldError[] = [];
  const queryAt = req.url.indexOf('?');
  const path = queryAt === -1 ? req.url : req.url.slice(0, queryAt);
  const query = queryAt === -1 ? '' : req.url.slice(queryAt + 1);
  const canonicalPath = path
    .split('/')
    .map((segment) => canonicalPart(segment, 'path', problems))
    .join('/');
  const canonicalQuery = query
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      if (eq === -1) return pair;
      const name = pair.slice(0, eq);
      const field = decoded(name) ?? 'query';
      if (unstorableText(field)) problems.push({ field: 'query', message: UNSTORABLE_MESSAGE });
      return `${name}=${canonicalPart(pair.slice(eq + 1), unstorableText(field) ? 'query' : field, problems)}`;
    })
    .join('&');
  req.url = queryAt === -1 ? canonicalPath : `${canonicalPath}?${canonicalQuery}`;
  if (req.body !== undefined) {
    const body = canonicaliseValue(req.body, '');
    req.body = body.value;
    problems.push(...body.problems);
  }
  if (problems.length > 0) req.inputProblems = problems;
  next();
}

/** The refusal for what `canonicalInputMiddleware` recorded (the apps throw it from a guard). */
export function inputRefusal(problems: FieldError[]): CommonException {
  return new CommonException('common.validation', 'Ongeldige invoer / invalid input', problems);
}
