import { debuglog } from 'node:util';
import type { AbstractConnection } from '@aredis/connection';
import { DataError, type CommandArg, type RespValue } from '@aredis/resp-parser';
import { checkOptions, seconds } from '@aredis/resp-parser/internal';
import { byteText, copyReply } from './cacheable.js';

/** `clientSideCache` of StrictRedis (RESP3 only). */
export interface ClientSideCacheOptions {
  /** Most replies kept; the least recently used goes first. Default 10000. */
  maxEntries?: number;
  /** Seconds a reply is kept at most, even when no invalidation came (0: until invalidated). Default 0. */
  ttl?: number;
  /**
   * 'default': the server tracks every key this client reads. 'optin' (`CLIENT TRACKING ON
   * OPTIN`): only the reads of a `withOptions({ cache: true })` view are tracked and cached.
   * 'bcast' (`BCAST`): the server announces every write to a key under `prefixes`; only reads
   * whose keys all fall under one are cached.
   */
  mode?: 'default' | 'optin' | 'bcast';
  /** With mode 'bcast': the key prefixes (none: every key). */
  prefixes?: readonly (string | Buffer)[];
}

export interface ClientSideCacheStats {
  /** Reads answered from the cache. */
  hits: number;
  /** Cacheable reads that went to the server. */
  misses: number;
  /** Replies dropped to stay within `maxEntries`. */
  evictions: number;
  /** Replies dropped because the server said a key changed (or their ttl passed). */
  invalidations: number;
  /** Times the whole cache was emptied: a lost or new connection, FLUSHALL, `clear()`. */
  flushes: number;
  /** Replies held now. */
  size: number;
}

const debug = debuglog('aredis');
const OPTION_NAMES = ['maxEntries', 'ttl', 'mode', 'prefixes'] as const;
const MODES = ['default', 'optin', 'bcast'];

interface Entry {
  reply: RespValue;
  keys: readonly string[];
  expires: number;
}

/**
 * The client-side cache: a bounded LRU of replies kept exact by the server's `invalidate`
 * pushes on the shared connection that read them (`CLIENT TRACKING ON`, sent again after
 * every reconnect). Everything is dropped when that connection is lost or (re)connects, so no
 * reply read before an outage is served after it.
 */
export class ClientSideCache {
  readonly maxEntries: number;
  /** Seconds (0: none). */
  readonly ttl: number;
  readonly mode: 'default' | 'optin' | 'bcast';
  readonly #prefixes: readonly string[];
  readonly #ttlMs: number;
  readonly #trackingArgs: CommandArg[];
  readonly #entries = new Map<string, Entry>();
  readonly #byKey = new Map<string, Set<string>>();
  /** Connections whose CLIENT TRACKING is on since their last (re)connect. */
  readonly #tracked = new WeakSet<AbstractConnection>();
  readonly #adopted = new WeakSet<AbstractConnection>();
  /** Bumped on every flush: a reply asked for before one is not stored after it. */
  #epoch = 0;
  #stats = { hits: 0, misses: 0, evictions: 0, invalidations: 0, flushes: 0 };
  #notTracking: string | undefined = undefined;

  constructor(where: string, options: ClientSideCacheOptions) {
    if (options === null || typeof options !== 'object') throw new DataError(`${where}: option 'clientSideCache' must be an object`);
    checkOptions(`${where} clientSideCache`, options, OPTION_NAMES);
    const { maxEntries = 10_000, mode = 'default', prefixes = [] } = options;
    if (!Number.isInteger(maxEntries) || maxEntries < 1) {
      throw new DataError(`${where}: clientSideCache option 'maxEntries' must be an integer >= 1, got ${String(maxEntries)}`);
    }
    if (!MODES.includes(mode)) throw new DataError(`${where}: clientSideCache option 'mode' must be one of ${MODES.join(', ')}, got ${String(mode)}`);
    if (!Array.isArray(prefixes) || !prefixes.every((p) => typeof p === 'string' || Buffer.isBuffer(p))) {
      throw new DataError(`${where}: clientSideCache option 'prefixes' must be an array of strings or Buffers`);
    }
    if (prefixes.length > 0 && mode !== 'bcast') throw new DataError(`${where}: clientSideCache option 'prefixes' needs mode 'bcast'`);
    this.maxEntries = maxEntries;
    this.#ttlMs = seconds(`${where} clientSideCache`, 'ttl', options.ttl, 0);
    this.ttl = this.#ttlMs / 1000;
    this.mode = mode;
    this.#prefixes = prefixes.map(byteText);
    this.#trackingArgs = ['CLIENT', 'TRACKING', 'ON'];
    if (mode === 'optin') this.#trackingArgs.push('OPTIN');
    if (mode === 'bcast') {
      this.#trackingArgs.push('BCAST');
      for (const prefix of prefixes) this.#trackingArgs.push('PREFIX', prefix);
    }
  }

  /**
   * Why nothing is cached, when the server would not track this client's reads: the last
   * connection that tried answered HELLO with RESP2, or refused `CLIENT TRACKING` (an ACL
   * without it: the server's words). `undefined` while tracking is on or has not been tried.
   * Reads still work then: they all go to the server. Also logged with `NODE_DEBUG=aredis`.
   */
  get notTracking(): string | undefined {
    return this.#notTracking;
  }

  /** The counters, and how many replies are held. */
  stats(): ClientSideCacheStats {
    return { ...this.#stats, size: this.#entries.size };
  }

  /** Drops every reply (counted as a flush). */
  clear(): void {
    this.#epoch++;
    this.#stats.flushes++;
    this.#entries.clear();
    this.#byKey.clear();
  }

  /** The key names of a call the cache may keep in this mode (bcast: all under a prefix), as byte text. */
  keysToTrack(command: readonly CommandArg[], indexes: readonly number[]): string[] | undefined {
    const keys = indexes.map((i) => byteText(command[i] as CommandArg));
    if (this.mode !== 'bcast' || this.#prefixes.length === 0) return keys;
    return keys.every((key) => this.#prefixes.some((prefix) => key.startsWith(prefix))) ? keys : undefined;
  }

  /** The reply held for `callKey`, or undefined (a miss, counted). */
  read(callKey: string): RespValue | undefined {
    const entry = this.#entries.get(callKey);
    if (entry !== undefined && (entry.expires === 0 || entry.expires > Date.now())) {
      this.#stats.hits++;
      this.#entries.delete(callKey); // most recently used last
      this.#entries.set(callKey, entry);
      return copyReply(entry.reply);
    }
    if (entry !== undefined) {
      this.#drop(callKey);
      this.#stats.invalidations++;
    }
    this.#stats.misses++;
    return undefined;
  }

  /**
   * A token for a read about to be sent on `connection`; `store` keeps the reply only if
   * nothing was flushed since. A read issued while the connection is (re)connecting waits in
   * its offline queue and is written after the next CLIENT TRACKING: its token is the epoch
   * that tracking's flush begins (any other flush on the way voids it).
   */
  ticket(connection: AbstractConnection): number | undefined {
    if (this.#tracked.has(connection)) return this.#epoch;
    const state = connection.state;
    return state === 'idle' || state === 'connecting' || state === 'reconnecting' ? this.#epoch + 1 : undefined;
  }

  store(ticket: number, connection: AbstractConnection, callKey: string, keys: readonly string[], reply: RespValue): void {
    if (ticket !== this.#epoch || !this.#tracked.has(connection) || reply instanceof Error) return;
    this.#drop(callKey);
    this.#entries.set(callKey, { reply: copyReply(reply), keys, expires: this.#ttlMs > 0 ? Date.now() + this.#ttlMs : 0 });
    for (const key of keys) {
      let calls = this.#byKey.get(key);
      if (calls === undefined) this.#byKey.set(key, (calls = new Set()));
      calls.add(callKey);
    }
    while (this.#entries.size > this.maxEntries) {
      this.#drop(this.#entries.keys().next().value as string);
      this.#stats.evictions++;
    }
  }

  /**
   * Takes a shared connection into the cache's care: its `invalidate` pushes, CLIENT TRACKING
   * after each handshake (from now on, or at once when it is ready), a flush on each loss.
   */
  adopt(connection: AbstractConnection): void {
    if (this.#adopted.has(connection)) return;
    this.#adopted.add(connection);
    const previous = connection.pushHandler;
    connection.pushHandler = (frame) => {
      if (!this.#onPush(frame)) previous?.(frame);
    };
    const lost = (): void => {
      this.#tracked.delete(connection);
      this.clear();
    };
    connection.on('ready', () => this.#track(connection));
    connection.on('reconnecting', lost);
    connection.on('end', lost);
    if (connection.isReady) this.#track(connection);
  }

  /** Runs in the connection's 'ready' (state ready, offline queue not yet written): TRACKING goes first. */
  #track(connection: AbstractConnection): void {
    this.clear();
    if (connection.protocol !== 3) {
      this.#refused('the server answered HELLO with RESP2 (client-side caching needs RESP3)');
      return;
    }
    this.#tracked.add(connection);
    connection.send(this.#trackingArgs).then(
      () => {
        if (this.#tracked.has(connection)) this.#notTracking = undefined;
      },
      (error: unknown) => {
        this.#tracked.delete(connection);
        this.clear();
        this.#refused(`${this.#trackingArgs.slice(0, 3).join(' ')} failed: ${error instanceof Error ? error.message : String(error)}`);
      },
    );
  }

  #refused(why: string): void {
    this.#notTracking = why;
    debug('client-side cache off on this connection: %s', why);
  }

  #onPush(frame: RespValue): boolean {
    if (!Array.isArray(frame) || frame.length !== 2 || byteText(frame[0] as RespValue) !== 'invalidate') return false;
    const keys = frame[1];
    if (!Array.isArray(keys)) {
      this.clear(); // null: FLUSHALL / FLUSHDB, or the server dropped its tracking table
      return true;
    }
    for (const key of keys) {
      const calls = this.#byKey.get(byteText(key));
      if (calls === undefined) continue;
      for (const call of calls) {
        this.#drop(call);
        this.#stats.invalidations++;
      }
    }
    return true;
  }

  #drop(callKey: string): void {
    const entry = this.#entries.get(callKey);
    if (entry === undefined) return;
    this.#entries.delete(callKey);
    for (const key of entry.keys) {
      const calls = this.#byKey.get(key);
      if (calls === undefined) continue;
      calls.delete(callKey);
      if (calls.size === 0) this.#byKey.delete(key);
    }
  }
}
