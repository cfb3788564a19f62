import {
  buildCommand,
  callOptionsOf,
  hscanIter,
  installCommands,
  prefixKeys,
  scanIter,
  sscanIter,
  zscanIter,
  type AnyCommandSpec,
  type CallOptions,
  type HashScanner,
  type KeyPrefix,
  type KeyScanIterOptions,
  type KeyScanner,
  type ResponseCallback,
  type ScanIterOptions,
  type SetScanner,
  type SortedSetScanner,
} from '@aredis/commands';
import type { CommandArg } from '@aredis/resp-parser';
import { genericCommand } from './generic-command.js';

/** A string reply's type under `decodeResponses: D`. */
export type BulkOf<D extends boolean> = D extends true ? string : Buffer;

/** What the command surface reads from a client (or an option view of it) at each call. */
export interface SurfaceCore {
  /** The client's response callbacks by command name; `setResponseCallback` writes here. */
  readonly callbacks: Map<string, ResponseCallback>;
  /** `keyPrefix`: put before every key of every command before it is sent. */
  readonly keyPrefix?: KeyPrefix | undefined;
}

/**
 * How one client sends a command: all of the command surface a client writes itself
 * (StrictRedis: its pool, StrictRedisCluster: the node of the slot). `client` is the instance
 * the method was called on, an option view (`withOptions`) included.
 */
export interface ClientSurfaceHooks<T> {
  /** The client's callbacks and key prefix (kept where the client keeps its private state). */
  core(client: T): SurfaceCore;
  /**
   * Sends `command` (built, checked, keys prefixed; not answered locally) and resolves with the
   * reply shaped by the callback named `name`. `spec` is the declaration (its flags, how the
   * reply is read), undefined for a command `executeCommand` does not know; `callOptions` are
   * what the callback receives. A throw becomes the call's rejection.
   */
  send(client: T, name: string, command: CommandArg[], spec: AnyCommandSpec | undefined, callOptions: CallOptions): Promise<unknown>;
  /** `scanIter`'s walk, when one server's SCAN pages are not every key (the cluster: each master in turn). */
  scanKeys?(client: T, options: KeyScanIterOptions | undefined): AsyncGenerator<unknown, void, undefined>;
}

/**
 * The methods every client has besides its command methods, written once
 * (`installClientSurface`); a client class declares them by declaration merging, as it does
 * its command methods.
 */
export interface ClientSurface<D extends boolean> {
  /** Shapes the replies of `command` (`'ZRANGE'`, `'CONFIG GET'`) on this client only. */
  setResponseCallback(command: string, callback: ResponseCallback): void;
  /**
   * Sends any command: `executeCommand('GET', 'k')`, `executeCommand('CONFIG GET', 'maxmemory')`
   * (a first argument with a space is split), routed and sent as the command methods are. A
   * trailing plain object is not sent: it is the options the response callback receives. The
   * callback is the one named by the command (two words when that names one, as `CONFIG GET`).
   */
  executeCommand(command: string | Buffer, ...args: unknown[]): Promise<unknown>;
  /**
   * Every key (SCAN pages; on a cluster, every master's in turn), optionally filtered:
   * `for await (const k of r.scanIter({ match: 'user:*' }))`.
   */
  scanIter(options?: KeyScanIterOptions): AsyncGenerator<BulkOf<D>, void, undefined>;
  /** Every member of a set (SSCAN pages). */
  sscanIter(name: string | Buffer, options?: ScanIterOptions): AsyncGenerator<BulkOf<D>, void, undefined>;
  /** Every `[field, value]` of a hash (HSCAN pages). */
  hscanIter(name: string | Buffer, options?: ScanIterOptions): AsyncGenerator<[string, BulkOf<D>], void, undefined>;
  /** Every `[member, score]` of a sorted set (ZSCAN pages). */
  zscanIter(name: string | Buffer, options?: ScanIterOptions): AsyncGenerator<[BulkOf<D>, number], void, undefined>;
}

type Scanners = KeyScanner<unknown> & SetScanner<unknown> & HashScanner<unknown> & SortedSetScanner<unknown>;

/** Non-enumerable, as class methods are. */
function defineMethods(proto: object, methods: object): void {
  for (const [name, value] of Object.entries(methods)) Object.defineProperty(proto, name, { value, writable: true, configurable: true });
}

/**
 * Puts the client surface on a client's prototype: a method for every declared command
 * (build with its checks, prefix the keys, answer locally when the declaration can, else
 * `hooks.send`), and the `ClientSurface` methods. Every method returns a promise: bad input
 * rejects it with DataError and nothing is sent.
 */
export function installClientSurface<T extends object>(proto: T, hooks: ClientSurfaceHooks<T>): void {
  const { core, send } = hooks;
  installCommands(proto, function invoke(this: unknown, spec: AnyCommandSpec, args: unknown[]) {
    const client = this as T;
    try {
      const command = prefixKeys(buildCommand(spec, args), core(client).keyPrefix);
      if (spec.localReply !== undefined) {
        const local = spec.localReply(command);
        if (local !== undefined) return Promise.resolve(local);
      }
      return send(client, spec.name, command, spec, callOptionsOf(spec, args));
    } catch (error) {
      return Promise.reject(error);
    }
  });
  const scanKeys = hooks.scanKeys;
  // Method shorthand: each has its name, and its body sees the imported iterators, not itself.
  const methods: ThisType<T> & Record<keyof ClientSurface<boolean>, (...args: never[]) => unknown> = {
    setResponseCallback(command: string, callback: ResponseCallback): void {
      core(this).callbacks.set(command.toUpperCase(), callback);
    },
    executeCommand(command: string | Buffer, ...args: unknown[]): Promise<unknown> {
      try {
        const { callbacks, keyPrefix } = core(this);
        const generic = genericCommand(command, args, callbacks); // as a pipeline reads it: one reading for every client
        return send(this, generic.name, prefixKeys(generic.args, keyPrefix), generic.spec, generic.options);
      } catch (error) {
        return Promise.reject(error);
      }
    },
    scanIter(options?: KeyScanIterOptions) {
      return scanKeys === undefined ? scanIter(this as unknown as Scanners, options) : scanKeys(this, options);
    },
    sscanIter(name: string | Buffer, options?: ScanIterOptions) {
      return sscanIter(this as unknown as Scanners, name, options);
    },
    hscanIter(name: string | Buffer, options?: ScanIterOptions) {
      return hscanIter(this as unknown as Scanners, name, options);
    },
    zscanIter(name: string | Buffer, options?: ScanIterOptions) {
      return zscanIter(this as unknown as Scanners, name, options);
    },
  };
  defineMethods(proto, methods);
}

/**
 * How a pipeline queues a command: all of the chained surface a pipeline writes itself
 * (Pipeline: its queue, ClusterPipeline: its queue by slot).
 */
export interface PipelineSurfaceHooks<T> {
  /** The callbacks `executeCommand` reads a two-word command name against. */
  callbacks(pipeline: T): ReadonlyMap<string, ResponseCallback>;
  /**
   * Queues `command` (built and checked; its keys not prefixed yet: the pipeline does that as it
   * queues) and returns the pipeline. `spec` is undefined for a command `executeCommand` does
   * not know; `local` is a reply the declaration knows without the server (`mget([])`), which
   * takes the command's place in the results. Throws (DataError, nothing queued) on bad input.
   */
  queue(pipeline: T, name: string, command: CommandArg[], spec: AnyCommandSpec | undefined, callOptions: CallOptions, local: { readonly reply: unknown } | undefined): T;
}

/** What every pipeline has besides its command methods, written once (`installPipelineSurface`). */
export interface PipelineSurface {
  /**
   * Queues any command, as the client's `executeCommand` reads it:
   * `p.executeCommand('CONFIG GET', 'maxmemory')`. DataError at once on a bad argument.
   */
  executeCommand(command: string | Buffer, ...args: unknown[]): this;
}

/**
 * Puts the chained surface on a pipeline's prototype: a method for every declared command
 * (build with its checks, the declaration's local reply, then `hooks.queue`) and
 * `executeCommand`. Every method returns what `queue` returns (the pipeline); bad input throws
 * DataError at the call and nothing is queued.
 */
export function installPipelineSurface<T extends object>(proto: T, hooks: PipelineSurfaceHooks<T>): void {
  const { callbacks, queue } = hooks;
  installCommands(proto, function queueCommand(this: unknown, spec: AnyCommandSpec, args: unknown[]) {
    const command = buildCommand(spec, args);
    const local = spec.localReply?.(command);
    return queue(this as T, spec.name, command, spec, callOptionsOf(spec, args), local === undefined ? undefined : { reply: local });
  });
  const methods: ThisType<T> & Record<keyof PipelineSurface, (...args: never[]) => unknown> = {
    executeCommand(command: string | Buffer, ...args: unknown[]): T {
      const generic = genericCommand(command, args, callbacks(this));
      return queue(this, generic.name, generic.args, generic.spec, generic.options, undefined);
    },
  };
  defineMethods(proto, methods);
}
