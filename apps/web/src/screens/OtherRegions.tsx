import { Paragraph, UnorderedList, UnorderedListItem } from '@utrecht/component-library-react';
import type { components } from '../api-types';

type OtherRegion = components['schemas']['OtherRegionDto'];

/**
 * The radar across regions: which Veilig Thuis organisations elsewhere know a person of this case,
 * and whom to call there. Only that they know, never what.
 */
export function OtherRegions({ regions }: { regions: OtherRegion[] | undefined }) {
  if (!regions || regions.length === 0) return null;
  return (
    <>
      <Paragraph>Ook bekend bij Veilig Thuis in een andere regio (neem contact op voor de inhoud):</Paragraph>
      <UnorderedList>
        {regions.map((r) => (
          <UnorderedListItem key={r.organisationId}>
            {r.organisationName}: {r.contact ?? 'geen contactpunt vastgelegd'}
          </UnorderedListItem>
        ))}
      </UnorderedList>
    </>
  );
}
