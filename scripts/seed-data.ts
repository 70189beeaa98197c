import type { OrganisationKind, Role } from '@vt/access';

export const DEFAULT_DEMO_PASSWORD = 'Demo-Wachtwoord-2026!';
export const DEMO_REGION = 'Midden-Nederland (demo)';

export interface DemoOrganisation {
  slug: string;
  name: string;
  kind: OrganisationKind;
  /** Absent: DEMO_REGION. Veilig Thuis Noord is another region, so the radar across regions shows. */
  region?: string;
  /** The contact point another region's Veilig Thuis calls after a radar hit. */
  contact?: string;
}

export const DEMO_ORGANISATIONS: DemoOrganisation[] = [
  {
    slug: 'vt-midden',
    name: 'Veilig Thuis Midden (demo)',
    kind: 'veilig_thuis',
    contact: 'Regieteam, 030 000 0000 (demo)',
  },
  {
    slug: 'vt-noord',
    name: 'Veilig Thuis Noord (demo)',
    kind: 'veilig_thuis',
    region: 'Noord-Nederland (demo)',
    contact: 'Regieteam, 050 000 0000 (demo)',
  },
  { slug: 'politie', name: 'Politie eenheid Midden (demo)', kind: 'police' },
  { slug: 'om', name: 'Openbaar Ministerie (demo)', kind: 'prosecution' },
  { slug: 'reclassering', name: 'Reclassering (demo)', kind: 'probation' },
  { slug: 'rvdk', name: 'Raad voor de Kinderbescherming (demo)', kind: 'child_protection_board' },
  { slug: 'gi', name: 'Gecertificeerde Instelling Jeugdbescherming (demo)', kind: 'certified_institution' },
  { slug: 'zvh', name: 'Zorg- en Veiligheidshuis (demo)', kind: 'safety_house' },
  { slug: 'vrouwenopvang', name: 'Vrouwenopvang (demo)', kind: 'shelter' },
  { slug: 'gemeente', name: 'Gemeente wijkteam (demo)', kind: 'municipality' },
  { slug: 'beheer', name: 'Platformbeheer (demo)', kind: 'platform' },
];

export interface DemoUser {
  email: string;
  name: string;
  organisation: string;
  roles: Role[];
}

const STANDARD: [string, string, Role][] = [
  ['caseworker', 'Medewerker', 'caseworker'],
  ['supervisor', 'Teamleider', 'supervisor'],
  ['admin', 'Functioneel beheerder', 'admin'],
  ['privacy', 'Privacy officer', 'privacy_officer'],
];

export const DEMO_USERS: DemoUser[] = [
  ...DEMO_ORGANISATIONS.filter((org) => org.kind !== 'platform').flatMap((org) =>
    STANDARD.map(([local, title, role]) => ({
      email: `${local}@${org.slug}.example`,
      name: `${title} ${org.slug}`,
      organisation: org.slug,
      roles: [role],
    })),
  ),
  {
    email: 'medical@vt-midden.example',
    name: 'Vertrouwensarts vt-midden',
    organisation: 'vt-midden',
    roles: ['medical'],
  },
  {
    email: 'chair@vt-midden.example',
    name: 'Voorzitter overleg vt-midden',
    organisation: 'vt-midden',
    roles: ['chair'],
  },
  { email: 'chair@zvh.example', name: 'Voorzitter casusoverleg zvh', organisation: 'zvh', roles: ['chair'] },
  { email: 'platform@beheer.example', name: 'Platformbeheerder', organisation: 'beheer', roles: ['platform_admin'] },
  // Reads and verifies the anonymous audit chain (refused tokens, throttled logins).
  {
    email: 'privacy@beheer.example',
    name: 'Privacy officer platform',
    organisation: 'beheer',
    roles: ['privacy_officer'],
  },
];
