import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { printedForms, startServer, waitUntil, type RedisServer } from '@aredis/testing';
import {
  AuthenticationError,
  ConnectionError,
  DataError,
  StrictRedis,
  UsernamePasswordCredentialProvider,
  type CredentialProvider,
  type Credentials,
} from '../../src/index.js';

// Conformance: redis-py's CredentialProvider. The client asks it for the credentials on every
// connect, so a token that rotates is read fresh; the credentials are never printed.

let server: RedisServer;
let admin: StrictRedis<true>;
beforeAll(async () => {
  server = await startServer({ users: [{ name: 'rotating', password: 'token-one' }] });
  admin = new StrictRedis<true>({ host: server.host, port: server.port, decodeResponses: true });
});
afterAll(async () => {
  await admin?.close();
  await server?.stop();
});

/** A provider whose token is changed by the test, answering asynchronously, counting the calls. */
class RotatingToken implements CredentialProvider {
  token = 'token-one';
  calls = 0;
  async getCredentials(): Promise<Credentials> {
    this.calls++;
    await new Promise((resolve) => setImmediate(resolve));
    return ['rotating', this.token];
  }
}

describe('credentialProvider', () => {
  it('is asked on every connect: after the token rotates, the reconnect uses the new one', async () => {
    const provider = new RotatingToken();
    await using r = new StrictRedis<true>({ host: server.host, port: server.port, decodeResponses: true, credentialProvider: provider });
    expect(await r.aclWhoami()).toBe('rotating');
    expect(provider.calls).toBe(1);
    // The server now takes only the new token; the old connection is dropped.
    await admin.executeCommand('ACL', 'SETUSER', 'rotating', 'resetpass', '>token-two');
    provider.token = 'token-two';
    await admin.executeCommand('CLIENT', 'KILL', 'USER', 'rotating');
    await waitUntil('the client reconnected with the new token', async () => (await r.aclWhoami().catch(() => undefined)) === 'rotating', 5000);
    expect(provider.calls).toBeGreaterThanOrEqual(2);
    await admin.executeCommand('ACL', 'SETUSER', 'rotating', 'resetpass', '>token-one');
  });

  it('a stale token is the server refusal (AuthenticationError), not retried', async () => {
    const provider = new RotatingToken();
    provider.token = 'not-the-token';
    await using r = new StrictRedis({ host: server.host, port: server.port, credentialProvider: provider });
    const error = await r.ping().catch((e: unknown) => e as Error);
    const refusal = error instanceof AuthenticationError ? error : (error as Error).cause;
    expect(refusal).toBeInstanceOf(AuthenticationError);
    expect(provider.calls).toBe(1);
    expect(String((error as Error).message)).not.toContain('not-the-token');
  });

  it('a provider that throws fails the connect attempt with ConnectionError (its error as cause)', async () => {
    const failing: CredentialProvider = {
      getCredentials: () => Promise.reject(new Error('token service down')),
    };
    await using r = new StrictRedis({ host: server.host, port: server.port, credentialProvider: failing, retry: false });
    const error = (await r.ping().catch((e: unknown) => e)) as ConnectionError;
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.message).toMatch(/credentialProvider failed: token service down/);
  });

  it('UsernamePasswordCredentialProvider (and a password alone) log in, and never print the password', async () => {
    const provider = new UsernamePasswordCredentialProvider('rotating', 'token-one');
    expect(provider.getCredentials()).toEqual(['rotating', 'token-one']);
    expect(new UsernamePasswordCredentialProvider(undefined, 'only').getCredentials()).toEqual(['only']);
    await using r = new StrictRedis<true>({ host: server.host, port: server.port, decodeResponses: true, credentialProvider: provider });
    expect(await r.aclWhoami()).toBe('rotating');
    for (const printed of [...printedForms(provider), ...printedForms(r), ...printedForms(r.connectionPool), inspect(r, { depth: 10 })]) {
      expect(printed).not.toContain('token-one');
    }
  });

  it('is refused beside username / password, or without getCredentials (DataError)', () => {
    const provider = new UsernamePasswordCredentialProvider('u', 'p');
    expect(() => new StrictRedis({ password: 'p', credentialProvider: provider })).toThrow(DataError);
    expect(() => new StrictRedis({ username: 'u', credentialProvider: provider })).toThrow(/cannot be given with 'credentialProvider'/);
    // @ts-expect-error: not a provider
    expect(() => new StrictRedis({ credentialProvider: { token: 'x' } })).toThrow(/getCredentials/);
  });
});
