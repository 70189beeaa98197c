// A real OpenID Connect provider (oidc-provider) in a process of its own, for the sign-in e2e
// tests. Its clients come from OIDC_TEST_CLIENTS (JSON: client_id, client_secret, redirect_uris).
// Instead of a login form it has one test route, GET /interaction/:uid/login?sub=&email=&verified=
// (and optionally &amr=&acr=),
// which signs that person in and grants the scopes asked. It prints "ready <issuer>" when listening.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import process from 'node:process';
import Provider from 'oidc-provider';

const clients = JSON.parse(process.env.OIDC_TEST_CLIENTS ?? '[]');
const accounts = new Map();

const server = createServer();
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
// Another site than the hub (127.0.0.1), as in production: the browser test proves the cookies
// survive the cross-site return.
const issuer = `http://localhost:${server.address().port}`;
const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });

const provider = new Provider(issuer, {
  clients,
  jwks: { keys: [{ ...privateKey.export({ format: 'jwk' }), kid: 'test', use: 'sig', alg: 'RS256' }] },
  cookies: { keys: [randomBytes(32).toString('hex')] },
  // acr and amr with the openid scope: the ID token says how the person signed in, as real providers do.
  claims: { openid: ['sub', 'acr', 'amr'], email: ['email', 'email_verified'] },
  features: { devInteractions: { enabled: false } },
  pkce: { required: () => true },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  findAccount: (ctx, id) => {
    const account = accounts.get(id);
    return account && { accountId: id, claims: () => ({ sub: id, ...account }) };
  },
});

provider.use(async (ctx, next) => {
  const login = /^\/interaction\/([^/]+)\/login$/.exec(ctx.path);
  if (!login) return next();
  const details = await provider.interactionDetails(ctx.req, ctx.res);
  const sub = String(ctx.query.sub);
  accounts.set(sub, { email: String(ctx.query.email), email_verified: ctx.query.verified === 'true' });
  const grant = new provider.Grant({ accountId: sub, clientId: details.params.client_id });
  grant.addOIDCScope(details.params.scope);
  const grantId = await grant.save();
  // How the person signed in, as a real provider reports it in the ID token (amr, acr): a test
  // of the second factor names them with ?amr=pwd,mfa&acr=…
  const how = {
    ...(ctx.query.amr ? { amr: String(ctx.query.amr).split(',') } : {}),
    ...(ctx.query.acr ? { acr: String(ctx.query.acr) } : {}),
  };
  const to = await provider.interactionResult(ctx.req, ctx.res, {
    login: { accountId: sub, ...how },
    consent: { grantId },
  });
  ctx.status = 303;
  ctx.redirect(to);
});

server.on('request', provider.callback());
process.on('SIGTERM', () => server.close(() => process.exit(0)));
// The test holds our stdin: when its process ends, however it ends, so do we.
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
process.stdout.write(`ready ${issuer}\n`);
