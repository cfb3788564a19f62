import type { AbstractConnection, PushHandler } from '@aredis/connection';
import { ConnectionError, PubSubError, ResponseError, type RespValue } from '@aredis/resp-parser';
import { seconds } from '@aredis/resp-parser/internal';
import { Inbox } from './inbox.js';
import { parseMonitorLine, type MonitorEntry } from './monitor-entry.js';
import type { DedicatedConnectionSource } from './pubsub.js';

/**
 * MONITOR on a connection of its own: an async iterator of the commands the server runs
 * (`for await (const entry of monitor)`). The connection is taken on `start()` (or the first
 * read) and closed by `close()` (a monitoring connection cannot go back to ordinary use).
 * After a reconnect MONITOR is sent again; commands run in between are not seen.
 */
export class Monitor implements AsyncIterable<MonitorEntry> {
  readonly #source: DedicatedConnectionSource;
  readonly #inbox = new Inbox<MonitorEntry>();
  #starting: Promise<AbstractConnection> | undefined = undefined;
  #connection: AbstractConnection | undefined = undefined;
  #previousPushHandler: PushHandler | undefined = undefined;
  #closed = false;
  readonly #onReady = (): void => {
    this.#connection?.send(['MONITOR']).catch((error: Error) => this.#inbox.push({ error }));
  };
  readonly #onEnd = (): void => {
    if (!this.#closed) this.#inbox.fail(new ConnectionError('MONITOR: lost the connection and could not make it again'));
  };

  constructor(source: DedicatedConnectionSource) {
    this.#source = source;
  }

  /** Takes a connection and sends MONITOR; resolves once the server monitors (commands sent after are seen). */
  async start(): Promise<this> {
    if (this.#closed) throw new PubSubError('Monitor: closed');
    this.#starting ??= this.#open();
    await this.#starting;
    return this;
  }

  async #open(): Promise<AbstractConnection> {
    const connection = await this.#source.acquire();
    if (this.#closed) {
      this.#source.release(connection);
      throw new PubSubError('Monitor: closed');
    }
    this.#connection = connection;
    this.#previousPushHandler = connection.pushHandler;
    connection.pushHandler = (frame) => this.#onLine(frame);
    connection.on('ready', this.#onReady);
    connection.on('end', this.#onEnd);
    try {
      await connection.send(['MONITOR']);
    } catch (error) {
      await this.close();
      throw error;
    }
    if (this.#closed) throw new PubSubError('Monitor: closed');
    return connection;
  }

  /** The next entry, or null when none came within `timeout` seconds (default: wait) or after close(). */
  async next(timeout = Infinity): Promise<MonitorEntry | null> {
    const ms = seconds('Monitor.next', 'timeout', timeout, 0);
    if (!this.#closed) await this.start();
    const entry = await this.#inbox.take(ms);
    if (entry === null) return null;
    if (entry.error !== undefined) throw entry.error;
    return entry.value;
  }

  /** Every entry until close(): redis-py's `listen()`. */
  async *listen(): AsyncGenerator<MonitorEntry, void, undefined> {
    for (;;) {
      const entry = await this.next();
      if (entry === null) return;
      yield entry;
    }
  }

  [Symbol.asyncIterator](): AsyncGenerator<MonitorEntry, void, undefined> {
    return this.listen();
  }

  /** Stops monitoring: readers get null, and the connection is closed (not reused). */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#inbox.end();
    const connection = this.#connection;
    if (connection === undefined) return;
    this.#connection = undefined;
    connection.off('ready', this.#onReady);
    connection.off('end', this.#onEnd);
    connection.pushHandler = this.#previousPushHandler;
    this.#source.release(connection, { close: true });
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  #onLine(frame: RespValue): void {
    if (frame instanceof ResponseError) {
      this.#inbox.push({ error: frame });
      return;
    }
    const line = Buffer.isBuffer(frame) ? frame.toString('utf8') : typeof frame === 'string' ? frame : undefined;
    if (line === undefined) return; // not a MONITOR line (nothing else is expected here)
    try {
      this.#inbox.push({ value: parseMonitorLine(line) });
    } catch (error) {
      this.#inbox.push({ error: error as Error });
    }
  }
}
