// A real OpenID Connect provider for the tests: oidc-provider (panva's, OpenID Certified), run by
// test/support/oidc-provider.ts in a Node process of its own (it is an ES module with ES-module dependencies,
// which Jest's CommonJS loader cannot run). Its settings come as JSON in OIDC_TEST_PROVIDER; it prints
// "listening" once it answers. Its sign-in pages are the library's development interactions: any account id,
// any password.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import Provider from 'oidc-provider';

/**
 * @type {{
 *   issuer: string, port: number, claimsInIdToken: boolean,
 *   client: { client_id: string, client_secret: string, redirect_uris: string[] },
 *   accounts: Record<string, Record<string, unknown>>,
 * }}
 */
const settings = JSON.parse(process.env.OIDC_TEST_PROVIDER ?? '');
const signingKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });

const provider = new Provider(settings.issuer, {
  clients: [
    {
      ...settings.client,
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_post',
    },
  ],
  jwks: { keys: [{ ...signingKey, kid: 'test-signing-key', use: 'sig', alg: 'RS256' }] },
  cookies: { keys: [randomBytes(32).toString('hex')] },
  // `xms_edov` is Microsoft Entra ID's optional claim; here it comes with the email scope's claims.
  claims: { openid: ['sub'], email: ['email', 'email_verified', 'xms_edov'], profile: ['name'] },
  // true (the library's default, as OpenID Connect says): the email scope's claims are in the UserInfo
  // response only. false: in the ID token too, as Entra ID sends them.
  conformIdTokenClaims: !settings.claimsInIdToken,
  pkce: { required: () => true },
  features: { devInteractions: { enabled: true } },
  async findAccount(_ctx, id) {
    const claims = settings.accounts[id];
    if (!claims) return undefined;
    return { accountId: id, claims: async () => ({ sub: id, ...claims }) };
  },
  // Waymark is a first-party client: the council's users are not asked to consent to it.
  async loadExistingGrant(ctx) {
    const { provider: p, client, session, result } = ctx.oidc;
    const grantId = result?.consent?.grantId ?? session.grantIdFor(client.clientId);
    if (grantId) return p.Grant.find(grantId);
    const grant = new p.Grant({ clientId: client.clientId, accountId: session.accountId });
    grant.addOIDCScope('openid email profile');
    await grant.save();
    return grant;
  },
});

provider.listen(settings.port, '127.0.0.1', () => console.log('listening'));
