/** Who is acting in this request, set by the authentication guard. */
export interface Principal {
  userId: string;
  organisationId: string;
  organisationKind: string;
  roles: string[];
  tokenId: string;
}

declare module 'express-serve-static-core' {
  interface Request {
    principal?: Principal;
  }
}
