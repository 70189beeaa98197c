import { getMetadataStorage } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Every string a client sends to the hub or a source holder has a maximum length, and every list a
 * maximum size: an unbounded field lets one request fill memory and logs. The check walks the
 * metadata class-validator keeps for every DTO class, so a new field without a bound fails here.
 */
const ROOTS = [join(__dirname), join(__dirname, '../../source-holder/src')];

function dtoFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return dtoFiles(path);
    return entry.name.endsWith('.dto.ts') ? [path] : [];
  });
}

/** Validators that say a value is a string (or a list of strings, with `each`). */
const STRING = new Set(['isString', 'isEmail', 'matches', 'isIso8601', 'isDateString', 'isUrl', 'isNumberString']);

/** Validators that allow only strings of a bounded length themselves. */
const BOUNDING = new Set(['maxLength', 'length', 'isUuid', 'isIn', 'isEnum']);

/** A `Matches` pattern bounds the length when it is anchored at both ends and repeats nothing without limit. */
function boundedPattern(metadata: ValidationMetadata): boolean {
  const pattern = metadata.constraints?.[0];
  if (!(pattern instanceof RegExp)) return false;
  const source = pattern.source.replace(/\\./g, '');
  return source.startsWith('^') && source.endsWith('$') && !/[*+]|\{\d+,\}/.test(source) && !pattern.multiline;
}

interface Property {
  dto: string;
  property: string;
  validators: ValidationMetadata[];
  /** The declared TypeScript type, as the compiler's decorator metadata gives it. */
  type: unknown;
}

async function properties(): Promise<Property[]> {
  const classes = new Set<Function>();
  for (const file of ROOTS.flatMap(dtoFiles)) {
    for (const value of Object.values((await import(file)) as Record<string, unknown>)) {
      if (typeof value === 'function') classes.add(value);
    }
  }
  const storage = getMetadataStorage();
  return [...classes].flatMap((dto) => {
    const byProperty = new Map<string, ValidationMetadata[]>();
    for (const metadata of storage.getTargetValidationMetadatas(dto, '', true, false)) {
      byProperty.set(metadata.propertyName, [...(byProperty.get(metadata.propertyName) ?? []), metadata]);
    }
    return [...byProperty].map(([property, validators]) => ({
      dto: dto.name,
      property,
      validators,
      type: Reflect.getMetadata('design:type', dto.prototype as object, property),
    }));
  });
}

const nameOf = (metadata: ValidationMetadata) => metadata.name ?? metadata.type;

describe('request DTOs of the hub and the source holders', () => {
  let all: Property[] = [];
  beforeAll(async () => {
    all = await properties();
  });

  it('finds the DTO classes', () => {
    expect(new Set(all.map((p) => p.dto)).size).toBeGreaterThan(30);
  });

  it('bound every string field with a maximum length', () => {
    const unbounded = all.filter(({ validators, type }) => {
      const strings = validators.filter((v) => STRING.has(nameOf(v) ?? ''));
      if (strings.length === 0 && type !== String) return false;
      // A list of strings bounds each item (`each`), a single string the value itself.
      const each = strings.some((v) => v.each);
      return !validators.some(
        (v) =>
          (BOUNDING.has(nameOf(v) ?? '') || (nameOf(v) === 'matches' && boundedPattern(v))) && Boolean(v.each) === each,
      );
    });
    expect(unbounded.map(({ dto, property }) => `${dto}.${property}`)).toEqual([]);
  });

  it('bound every list with a maximum size', () => {
    const unbounded = all.filter(
      ({ validators, type }) =>
        (type === Array || validators.some((v) => nameOf(v) === 'isArray' || v.each)) &&
        !validators.some((v) => nameOf(v) === 'arrayMaxSize'),
    );
    expect(unbounded.map(({ dto, property }) => `${dto}.${property}`)).toEqual([]);
  });
});
