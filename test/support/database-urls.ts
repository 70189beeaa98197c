/** The login role the tests' api and worker use, a member of vt_app like production's. */
export const E2E_APP_ROLE = 'vt_e2e_app';

/** The app role's URL for the database `url` names; its password counts only where the server asks. */
export function appUrlOf(url: string): string {
  const app = new URL(url);
  app.username = E2E_APP_ROLE;
  app.password = 'e2e-only-app-password';
  return app.toString();
}

/** The owner's URL (E2E_OWNER_DATABASE_URL's role) for the database `url` names. */
export function ownerUrlOf(url: string): string {
  const owner = new URL(process.env.E2E_OWNER_DATABASE_URL as string);
  owner.pathname = new URL(url).pathname;
  return owner.toString();
}
