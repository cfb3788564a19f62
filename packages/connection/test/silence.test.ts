import { createServer, type Server } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ConnectionError, TimeoutError } from '@aredis/resp-parser';
import { Connection, type ReconnectingEvent } from '../src/index.js';
import { proxiedServer } from './helpers.js';

const fixture = proxiedServer();
const viaProxy = fixture.viaProxy;

afterEach(() => {
  vi.useRealTimers();
});

describe('a server that goes silent while a reply is owed', () => {
  it('is taken for dead after silenceTimeout: the command fails with mayHaveRun: true, the connection comes back', async () => {
    await using c = viaProxy({ silenceTimeout: 0.2 });
    await c.connect();
    fixture.proxy.pause();
    const silent = c.send(['INCR', 'silence:counter']).catch((error: unknown) => error);
    const error = (await silent) as ConnectionError;
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.mayHaveRun).toBe(true);
    expect(error.message).toMatch(/silenceTimeout/);
    fixture.proxy.resume();
    expect(await c.send(['ECHO', 'again'])).toBe('again');
  });

  it('is found with the default settings too (30 s, on a clock moved by hand)', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
    await using c = viaProxy();
    await c.connect();
    fixture.proxy.pause();
    const silent = c.send(['GET', 'silence:default']).catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(20_000);
    expect(c.inFlight).toBe(1); // 20 s of silence: still waiting
    await vi.advanceTimersByTimeAsync(20_000);
    const error = (await silent) as ConnectionError;
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.message).toMatch(/for 30 s/);
  });

  it('leaves a blocking command alone: BLPOP 0 waits through many silence periods', async () => {
    await using c = viaProxy({ silenceTimeout: 0.05 });
    await using other = new Connection({ host: fixture.server.host, port: fixture.server.port });
    const reconnects: ReconnectingEvent[] = [];
    c.on('reconnecting', (event: ReconnectingEvent) => reconnects.push(event));
    const popped = c.send(['BLPOP', 'silence:list', '0']);
    // The server's own clock waits 0.5 s (ten silence periods) before the element arrives.
    await other.send(['BLPOP', 'silence:never', '0.5']);
    await other.send(['RPUSH', 'silence:list', 'late']);
    expect(await popped).toEqual(['silence:list', 'late']);
    expect(reconnects).toEqual([]);
  });

  it('0 turns it off', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
    await using c = viaProxy({ silenceTimeout: 0 });
    await c.connect();
    fixture.proxy.pause();
    const waiting = c.send(['ECHO', 'patience']);
    await vi.advanceTimersByTimeAsync(3_600_000);
    expect(c.inFlight).toBe(1);
    fixture.proxy.resume();
    expect(await waiting).toBe('patience');
  });
});

describe('the wait for a connection is bounded', () => {
  let silentServer: Server;
  let port: number;
  beforeAll(async () => {
    // Accepts connections and never answers: every handshake waits in vain.
    silentServer = createServer(() => undefined);
    await new Promise<void>((resolve) => silentServer.listen(0, '127.0.0.1', resolve));
    port = (silentServer.address() as { port: number }).port;
  });
  afterAll(() => {
    silentServer.close();
  });

  it('a command waits socketConnectTimeout once, not once per attempt, and fails with mayHaveRun: false', async () => {
    await using c = new Connection({ host: '127.0.0.1', port, socketConnectTimeout: 0.2 }); // default retry: 10 attempts
    const attempts: number[] = [];
    c.on('reconnecting', (event: ReconnectingEvent) => attempts.push(event.attempt));
    const error = (await c.send(['PING']).catch((e: unknown) => e)) as ConnectionError;
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.mayHaveRun).toBe(false);
    expect(error.message).toMatch(/within 0.2 s \(socketConnectTimeout\)/);
    expect(attempts.length).toBeLessThanOrEqual(1); // failed during the first attempt or right after it
  });

  it('connect() too: a TimeoutError while the first attempt runs, and the connection goes on trying', async () => {
    await using c = new Connection({ host: '127.0.0.1', port, socketConnectTimeout: 0.2 });
    const attempts: number[] = [];
    c.on('reconnecting', (event: ReconnectingEvent) => attempts.push(event.attempt));
    await expect(c.connect()).rejects.toBeInstanceOf(TimeoutError);
    await new Promise<void>((resolve) => c.once('reconnecting', () => resolve()));
    expect(attempts.length).toBeGreaterThan(0);
    // A later wait fails with the last attempt's error.
    const later = (await c.connect().catch((e: unknown) => e)) as ConnectionError;
    expect(later).toBeInstanceOf(ConnectionError);
    expect(later.cause).toBeInstanceOf(TimeoutError);
  });

  it('a command with its own timeout waits that long instead', async () => {
    await using c = new Connection({ host: '127.0.0.1', port, socketConnectTimeout: 5 });
    await expect(c.send(['PING'], { timeout: 0.1 })).rejects.toBeInstanceOf(TimeoutError);
  });
});
