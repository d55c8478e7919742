// A real OpenID provider for tests/sso: node's oidc-provider (a certified implementation).
// Environment: PORT, ISSUER, CLIENT_ID, CLIENT_SECRET, REDIRECT_URI, ACCOUNTS (a JSON file read at
// every sign-in, so a test changes someone's groups between two sign-ins), JWKS (the signing key,
// which the tests also hold: their token proxy re-signs altered ID tokens with it).
// Its development interactions (a login form taking any account id, then consent) stand in for a
// company's login page.
import { readFileSync } from 'node:fs';
import Provider from 'oidc-provider';

const env = process.env;
const accounts = () => JSON.parse(readFileSync(env.ACCOUNTS, 'utf8'));

const provider = new Provider(env.ISSUER, {
  clients: [{
    client_id: env.CLIENT_ID,
    client_secret: env.CLIENT_SECRET,
    redirect_uris: [env.REDIRECT_URI],
    grant_types: ['authorization_code'],
    response_types: ['code'],
  }],
  jwks: JSON.parse(env.JWKS),
  // The test's claims go in the ID token itself (Loupe reads no userinfo).
  conformIdTokenClaims: false,
  claims: {
    openid: ['sub'],
    email: ['email', 'email_verified'],
    profile: ['preferred_username', 'given_name', 'family_name', 'groups'],
  },
  features: { devInteractions: { enabled: true } },
  async findAccount(ctx, id) {
    const account = accounts()[id];
    if (!account) return undefined;
    return { accountId: id, async claims() { return { sub: id, ...account }; } };
  },
});
provider.listen(Number(env.PORT), '127.0.0.1', () => console.log(`listening ${env.ISSUER}`));
