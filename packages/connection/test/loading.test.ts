import { afterEach, describe, expect, it } from 'vitest';
import { parseInfo, rawCommand, startServer, type RedisServer } from '@aredis/testing';
import { BusyLoadingError, ConnectionError, ExecAbortError, TimeoutError } from '@aredis/resp-parser';
import { Connection, ConstantBackoff, Retry, type ConnectionState, type TcpConnectionOptions } from '../src/index.js';
import { until } from './helpers.js';

/**
 * A server answers LOADING while it loads its data set. These tests make the load slow with
 * Redis's `key-load-delay` (µs a key) over a few thousand keys, and let it answer clients often
 * while loading (`loading-process-events-interval-bytes`); DEBUG RELOAD loads without a restart.
 */
const LOADING_CONFIG = { 'enable-debug-command': 'yes', 'loading-process-events-interval-bytes': 1024 };

let own: RedisServer | undefined;
afterEach(async () => {
  await own?.stop();
  own = undefined;
});

function connectTo(server: RedisServer, options: TcpConnectionOptions = {}): Connection {
  return new Connection({ host: server.host, port: server.port, decodeResponses: true, ...options });
}

async function isLoading(server: RedisServer): Promise<boolean> {
  const info = parseInfo(String(await rawCommand(server, ['INFO', 'persistence'])));
  return info.loading === '1';
}

/**
 * Fills the server with 3,000 keys, makes each take `delay` µs to load, starts DEBUG RELOAD
 * on `admin` and resolves (with its reply to come) once the server is loading.
 */
async function startReload(admin: Connection, delay: number): Promise<{ reload: Promise<unknown> }> {
  const server = own as RedisServer;
  await admin.send(['DEBUG', 'POPULATE', '3000', 'filler']);
  await admin.send(['CONFIG', 'SET', 'key-load-delay', String(delay)]);
  const reload = admin.send(['DEBUG', 'RELOAD']);
  await until(() => isLoading(server));
  return { reload }; // wrapped: an async function would wait for a promise it returns
}

/** Records every state the connection passes through (polled each tick). */
function watchStates(c: Connection): { seen: Set<ConnectionState>; stop: () => void } {
  const seen = new Set<ConnectionState>();
  const timer = setInterval(() => seen.add(c.state), 1);
  return { seen, stop: () => clearInterval(timer) };
}

describe('a server loading its data set', () => {
  it('commands refused with LOADING wait for the load and run once each, in order (DEBUG RELOAD)', async () => {
    own = await startServer({ config: LOADING_CONFIG });
    await using admin = connectTo(own);
    await using c = connectTo(own);
    await c.connect();
    const states = watchStates(c);
    const { reload } = await startReload(admin, 300);
    const incrs = Array.from({ length: 200 }, () => c.send(['INCR', 'loading:counter']));
    const get = c.send(['GET', 'filler:7']);
    expect(await Promise.all(incrs)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    expect(await get).toBe('value:7');
    expect(await reload).toBe('OK');
    states.stop();
    expect(states.seen.has('checking')).toBe(true); // it did wait for the load
    expect(await c.send(['GET', 'loading:counter'])).toBe('200');
  });

  it('the wait is bounded: by the command timeout, else by socketConnectTimeout, then the LOADING error', async () => {
    own = await startServer({ config: LOADING_CONFIG });
    await using admin = connectTo(own);
    await using c = connectTo(own, { socketConnectTimeout: 0.2 });
    await c.connect();
    const { reload } = await startReload(admin, 5000); // 15 s of loading
    const timed = c.send(['GET', 'filler:1'], { timeout: 0.1 }).catch((error: unknown) => error);
    const bounded = c.send(['GET', 'filler:2']).catch((error: unknown) => error);
    expect(await timed).toBeInstanceOf(TimeoutError);
    const error = (await bounded) as BusyLoadingError;
    expect(error).toBeInstanceOf(BusyLoadingError);
    expect(error.message).toMatch(/^LOADING/);
    // Let the load finish quickly (CONFIG is served while loading).
    await rawCommand(own, ['CONFIG', 'SET', 'key-load-delay', '0']);
    expect(await reload).toBe('OK');
    expect(await c.send(['GET', 'filler:3'])).toBe('value:3');
  });

  it('a transaction refused with LOADING is not split: its commands fail, nothing of it runs later', async () => {
    own = await startServer({ config: LOADING_CONFIG });
    await using admin = connectTo(own);
    await using c = connectTo(own);
    await c.connect();
    const { reload } = await startReload(admin, 300);
    const before = c.send(['INCR', 'tx:plain']);
    const transaction = [c.send(['MULTI']), c.send(['INCR', 'tx:inside']), c.send(['EXEC'])].map((p) => p.catch((e: unknown) => e));
    const after = c.send(['INCR', 'tx:plain']);
    const [multi, inside, exec] = await Promise.all(transaction);
    // Redis takes MULTI and EXEC while loading, refuses the command queued between, then aborts the transaction.
    expect(multi).toBe('OK');
    expect(inside).toBeInstanceOf(BusyLoadingError);
    expect(exec).toBeInstanceOf(ExecAbortError);
    expect([await before, await after]).toEqual([1, 2]);
    await reload;
    expect(await c.send(['EXISTS', 'tx:inside'])).toBe(0);
    expect(await c.send(['PING'])).toBe('PONG'); // not left inside a MULTI
  });

  it('after a restart with a data set to load, commands issued meanwhile run once each (none fail with LOADING)', async () => {
    own = await startServer({ config: { ...LOADING_CONFIG, 'key-load-delay': 300 } });
    await using admin = connectTo(own);
    await admin.send(['DEBUG', 'POPULATE', '3000', 'filler']);
    await admin.send(['SAVE']);
    await using c = connectTo(own, { retry: new Retry(new ConstantBackoff(0.02), 1000) });
    await c.connect();
    const states = watchStates(c);
    const restarting = own.restart(); // resolves once the server has loaded
    await until(() => c.state !== 'ready');
    const incrs = Array.from({ length: 300 }, () => c.send(['INCR', 'restart:counter']).catch((e: unknown) => e));
    await restarting;
    const results = await Promise.all(incrs);
    states.stop();
    expect(results.filter((r) => r instanceof Error)).toEqual([]);
    expect(results).toEqual(Array.from({ length: 300 }, (_, i) => i + 1));
    expect(states.seen.has('checking')).toBe(true); // connected during the load and waited
    expect(await c.send(['GET', 'filler:9'])).toBe('value:9');
    const lost = results.filter((r) => r instanceof ConnectionError);
    expect(lost).toEqual([]);
  });
});
