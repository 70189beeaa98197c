import { DETAIL_CATEGORIES } from './LookupsLabels';

/** What a source released, as plain text: one line per value, nested values indented. */
export function releasedText(value: unknown, indent = ''): string {
  if (Array.isArray(value)) {
    return value.map((item) => `${indent}- ${releasedText(item, `${indent}  `).trimStart()}`).join('\n');
  }
  if (value && typeof value === 'object') {
    return Object.entries(value)
      .map(([key, item]) =>
        item && typeof item === 'object'
          ? `${indent}${key}:\n${releasedText(item, `${indent}  `)}`
          : `${indent}${key}: ${releasedText(item)}`,
      )
      .join('\n');
  }
  return value === null || value === undefined ? '—' : String(value);
}

/**
 * A granted answer as the first draft of a case note, which the professional trims to what the
 * case needs: the source, when it decided, and each released category.
 */
export function noteDraft(source: string, decidedAt: string | null, data: Record<string, unknown>): string {
  const released = Object.fromEntries(
    Object.entries(data).map(([category, value]) => [DETAIL_CATEGORIES[category]?.label ?? category, value]),
  );
  const heading = `Verstrekt door ${source}${decidedAt ? ` op ${decidedAt}` : ''} (verrijkingsverzoek):`;
  return Object.keys(released).length === 0 ? heading : `${heading}\n${releasedText(released)}`;
}
