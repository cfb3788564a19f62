import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, waitUntil, type RedisServer } from '@aredis/testing';
import {
  AuthenticationError,
  AuthenticationWrongNumberOfArgsError,
  AuthorizationError,
  ClusterDownError,
  ConnectionError,
  ERROR_PREFIXES,
  ExternalAuthProviderError,
  MasterDownError,
  ModuleError,
  NoPermissionError,
  OutOfMemoryError,
  ResponseError,
  StrictRedis,
  errorFromReply,
} from '../../src/index.js';

// Conformance: the exception classes redis-py's parser picks from an error reply's first word
// (and, for ERR, from its words), as a redis-py user catches them. Each from a real server.

let server: RedisServer;
let r: StrictRedis<true>;
beforeAll(async () => {
  server = await startServer({
    users: [
      { name: 'limited', password: 'limited-pass', rules: '~* +@all -flushall' },
      { name: 'noselect', password: 'noselect-pass', rules: '~* +@all -select' },
    ],
    config: { 'enable-module-command': 'yes' },
  });
  r = new StrictRedis<true>({ host: server.host, port: server.port, decodeResponses: true });
});
afterAll(async () => {
  await r?.close();
  await server?.stop();
});

/** The error a promise rejects with (fails the test when it resolves). */
async function refusal(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}

describe('errors by server prefix', () => {
  it('NOPERM is a NoPermissionError (a ResponseError keeping the server words)', async () => {
    const limited = new StrictRedis({ host: server.host, port: server.port, username: 'limited', password: 'limited-pass' });
    try {
      const error = await refusal(limited.flushall());
      expect(error).toBeInstanceOf(NoPermissionError);
      expect(error).toBeInstanceOf(ResponseError);
      expect(error.message).toMatch(/^NOPERM /);
      expect((error as NoPermissionError).prefix).toBe('NOPERM');
      expect((error as NoPermissionError).code).toBe('AREDIS_ERR_NOPERM');
    } finally {
      await limited.close();
    }
  });

  it('OOM is an OutOfMemoryError', async () => {
    await r.configSet({ maxmemory: '1', 'maxmemory-policy': 'noeviction' });
    try {
      const error = await refusal(r.set('oom:key', 'value'));
      expect(error).toBeInstanceOf(OutOfMemoryError);
      expect(error.message).toMatch(/^OOM command not allowed/);
    } finally {
      await r.configSet({ maxmemory: '0' });
    }
  });

  it('MODULE LOAD and UNLOAD refusals are ModuleErrors', async () => {
    const load = await refusal(r.executeCommand('MODULE', 'LOAD', `${server.dir}/no-such-module.so`));
    expect(load).toBeInstanceOf(ModuleError);
    expect(load.message).toBe('ERR Error loading the extension. Please check the server logs.');
    const unload = await refusal(r.executeCommand('MODULE', 'UNLOAD', 'nosuchmodule'));
    expect(unload).toBeInstanceOf(ModuleError);
  });

  it('AUTH refusals: a password nobody configured, and the wrong number of arguments', async () => {
    const noPassword = await refusal(r.executeCommand('AUTH', 'whatever'));
    expect(noPassword).toBeInstanceOf(AuthenticationError);
    expect(noPassword.message).toMatch(/^ERR AUTH <password> called without any password/);
    const args = await refusal(r.executeCommand('AUTH'));
    expect(args).toBeInstanceOf(AuthenticationWrongNumberOfArgsError);
    expect(args).not.toBeInstanceOf(AuthenticationError);
  });

  it('MASTERDOWN (a replica without its master, serving no stale data) is a MasterDownError, a ClusterDownError', async () => {
    const replica = await startServer({ config: { 'replica-serve-stale-data': 'no' } });
    const client = new StrictRedis<true>({ host: replica.host, port: replica.port, decodeResponses: true });
    try {
      // A master that is not there: the replica never syncs.
      await client.executeCommand('REPLICAOF', '127.0.0.1', String(server.port + 1));
      const error = await refusal(client.get('k'));
      expect(error).toBeInstanceOf(MasterDownError);
      expect(error).toBeInstanceOf(ClusterDownError);
      expect(error.message).toMatch(/^MASTERDOWN /);
    } finally {
      await client.close();
      await replica.stop();
    }
  });

  it('other ERR replies stay plain ResponseErrors; the table is one object of prefixes', () => {
    const plain = errorFromReply("ERR unknown command 'NOPE'");
    expect(plain.constructor).toBe(ResponseError);
    expect(errorFromReply('ERR constructor').constructor).toBe(ResponseError);
    expect(errorFromReply('constructor x').constructor).toBe(ResponseError);
    expect(errorFromReply('ERR problem with LDAP service')).toBeInstanceOf(ExternalAuthProviderError);
    expect(Object.keys(ERROR_PREFIXES)).toEqual(expect.arrayContaining(['ERR', 'NOPERM', 'OOM', 'MASTERDOWN', 'NOAUTH', 'WRONGPASS']));
  });
});

describe('error.command', () => {
  it('names the failed command, never its arguments', async () => {
    await r.set('e:str', 'v');
    const wrongType = await refusal(r.lpush('e:str', 'secret-value'));
    expect((wrongType as ResponseError).command).toBe('LPUSH');
    expect(JSON.stringify(wrongType)).not.toContain('secret-value');
    expect(String(wrongType.stack)).not.toContain('secret-value');
    const auth = await refusal(r.executeCommand('auth', 'someone', 'hunter2-secret'));
    expect((auth as ResponseError).command).toBe('AUTH');
    expect(Object.values(auth).join(' ')).not.toContain('hunter2-secret');
    // A command with subcommands is named with its subcommand, still without arguments.
    const config = await refusal(r.executeCommand('CONFIG', 'SET', 'requirepass-typo', 'hunter2-secret'));
    expect((config as ResponseError).command).toBe('CONFIG SET');
    expect(Object.values(config).join(' ')).not.toContain('hunter2-secret');
  });

  it('names the handshake command that failed at connect', async () => {
    const wrong = new StrictRedis({ host: server.host, port: server.port, username: 'limited', password: 'bad-pass', retry: false });
    try {
      const error = await refusal(wrong.ping());
      const cause = error instanceof ResponseError ? error : (error.cause as ResponseError);
      expect(cause).toBeInstanceOf(AuthenticationError);
      expect(cause.command).toBe('HELLO');
      expect(error.message).not.toContain('bad-pass');
    } finally {
      await wrong.close();
    }
  });
});

describe('a server at its maxclients', () => {
  it('refuses a connection with a ResponseError, and the connection tries again until there is room', async () => {
    const full = await startServer({ config: { maxclients: '1' } });
    const first = new StrictRedis({ host: full.host, port: full.port });
    const second = new StrictRedis({ host: full.host, port: full.port, retry: { retries: 200, base: 0.01, cap: 0.02 } });
    try {
      await first.ping(); // the one place
      const refusals: Error[] = [];
      second.on('reconnecting', ({ error }) => refusals.push(error));
      const ping = second.ping();
      await waitUntil('the second client was refused', async () => refusals.length > 0 || undefined, 5000, 10);
      expect(refusals[0]).toBeInstanceOf(ResponseError);
      expect(refusals[0]?.message).toBe('ERR max number of clients reached');
      await first.close(); // room again
      expect(await ping).toBe('PONG');
    } finally {
      await first.close();
      await second.close();
      await full.stop();
    }
  });
});

describe('AuthorizationError', () => {
  it('a user that may not run a handshake command (SELECT) fails to connect with AuthorizationError, not retried', async () => {
    const client = new StrictRedis({ host: server.host, port: server.port, username: 'noselect', password: 'noselect-pass', db: 1 });
    const reconnects: unknown[] = [];
    const connection = client.connectionPool.getConnection();
    if (connection instanceof Promise) throw new Error('a shared connection was expected');
    connection.on('reconnecting', (event) => reconnects.push(event));
    try {
      const error = await refusal(client.ping());
      const authz = error instanceof AuthorizationError ? error : error.cause;
      expect(authz).toBeInstanceOf(AuthorizationError);
      expect(authz).toBeInstanceOf(ConnectionError);
      expect((authz as AuthorizationError).cause).toBeInstanceOf(NoPermissionError);
      expect((authz as AuthorizationError).message).toMatch(/may not run SELECT: NOPERM/);
      expect(reconnects).toEqual([]);
    } finally {
      await client.close();
    }
  });
});
