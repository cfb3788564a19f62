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

/** What the command surface reads from its target (a client, an option view of it, a WatchedPipeline) at each call. */
export interface CallCore {
  /** The response callbacks by command name (`executeCommand` reads a two-word name against them). */
  readonly callbacks: ReadonlyMap<string, ResponseCallback>;
  /** `keyPrefix`: put before every key of every command before it is sent. */
  readonly keyPrefix?: KeyPrefix | undefined;
}

/** What the client surface reads from a client (or an option view of it) at each call. */
export interface SurfaceCore extends CallCore {
  /** The client's response callbacks by command name; `setResponseCallback` writes here. */
  readonly callbacks: Map<string, ResponseCallback>;
}

/**
 * How a target that queues its calls for now takes one: a WatchedPipeline after `multi()`
 * queues into its Pipeline's transaction (the Pipeline hands this over when it makes the
 * WatchedPipeline).
 */
export interface TransactionQueue {
  /**
   * Queues the command (built and checked; its keys not prefixed yet: the queue does that); the
   * promise settles with its reply once execute() ran (`local`: a reply known without the
   * server, which takes its place in the results).
   */
  enqueue(
    name: string,
    args: CommandArg[],
    options: CallOptions,
    spec: AnyCommandSpec | undefined,
    local?: { readonly reply: unknown },
  ): Promise<unknown>;
  /** The command could not be queued (a bad argument): execute() raises `error`, sending nothing. */
  refuse(error: unknown): Promise<never>;
}

/**
 * How one target of the promise surface sends a command: all of the surface a client (or a
 * WatchedPipeline) writes itself. StrictRedis: its pool, StrictRedisCluster: the node of the
 * slot, WatchedPipeline: its connection, or its transaction after `multi()`. `target` is the
 * instance the method was called on, an option view (`withOptions`) included.
 */
export interface CallSurfaceHooks<T> {
  /** The target's callbacks and key prefix (kept where it keeps its private state). */
  core(target: T): CallCore;
  /**
   * Sends `command` (built, checked, keys prefixed; not answered locally) and resolves with the
   * reply shaped by the callback named `name`. `spec` is the declaration (its flags, how the
   * reply is read), undefined for a command `executeCommand` does not know; `callOptions` are
   * what the callback receives. A throw becomes the call's rejection.
   */
  send(target: T, name: string, command: CommandArg[], spec: AnyCommandSpec | undefined, callOptions: CallOptions): Promise<unknown>;
  /**
   * Asked first at every call, with the command's name (`executeCommand`'s first argument when
   * it is a string): a queue when the target queues its calls for now (a WatchedPipeline after
   * `multi()`), which then also takes the call's bad argument (`refuse`); undefined to send the
   * call. A throw rejects the call before anything is built (a finished WatchedPipeline).
   * Absent: every call is sent.
   */
  queueing?(target: T, what: string): TransactionQueue | undefined;
}

/** How one client sends a command, and walks its keys. */
export interface ClientSurfaceHooks<T> extends CallSurfaceHooks<T> {
  /** The client's callbacks and key prefix (kept where the client keeps its private state). */
  core(client: T): SurfaceCore;
  /** `scanIter`'s walk, when one server's SCAN pages are not every key (the cluster: each master in turn). */
  scanKeys?(client: T, options: KeyScanIterOptions | undefined): AsyncGenerator<unknown, void, undefined>;
}

/** What every target of the promise surface has besides its command methods (`installCallSurface`). */
export interface CallSurface {
  /**
   * Sends any command: `executeCommand('GET', 'k')`, `executeCommand('CONFIG GET', 'maxmemory')`
   * (a first argument with a space is split), routed and sent as the command methods are (on a
   * WatchedPipeline after `multi()`: queued, as they are). A trailing plain object is not sent:
   * it is the options the response callback receives. The callback is the one named by the
   * command (two words when that names one, as `CONFIG GET`).
   */
  executeCommand(command: string | Buffer, ...args: unknown[]): Promise<unknown>;
}

/**
 * The methods every client has besides its command methods, written once
 * (`installClientSurface`); a client class declares them by declaration merging, as it does
 * its command methods.
 */
export interface ClientSurface<D extends boolean> extends CallSurface {
  /** Shapes the replies of `command` (`'ZRANGE'`, `'CONFIG GET'`) on this client only. */
  setResponseCallback(command: string, callback: ResponseCallback): void;
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

/** A call that failed before it was sent: a queued one's error is the transaction's too. */
function refused(queue: TransactionQueue | undefined, error: unknown): Promise<never> {
  return queue === undefined ? Promise.reject(error) : queue.refuse(error);
}

/**
 * Puts the promise surface on a prototype: a method for every declared command (build with
 * its checks, answer locally when the declaration can, then queue it when `hooks.queueing`
 * says so, else prefix the keys and `hooks.send`), and `executeCommand`. Every method returns
 * a promise: bad input rejects it with DataError and nothing is sent.
 */
export function installCallSurface<T extends object>(proto: T, hooks: CallSurfaceHooks<T>): void {
  const { core, send, queueing } = hooks;
  installCommands(proto, function invoke(this: unknown, spec: AnyCommandSpec, args: unknown[]) {
    const target = this as T;
    let queue: TransactionQueue | undefined;
    try {
      if (queueing !== undefined) queue = queueing(target, spec.name);
      const command = buildCommand(spec, args);
      const local = spec.localReply?.(command);
      if (queue !== undefined) return queue.enqueue(spec.name, command, callOptionsOf(spec, args), spec, local === undefined ? undefined : { reply: local });
      if (local !== undefined) return Promise.resolve(local);
      return send(target, spec.name, prefixKeys(command, core(target).keyPrefix), spec, callOptionsOf(spec, args));
    } catch (error) {
      return refused(queue, error);
    }
  });
  const methods: ThisType<T> & Record<keyof CallSurface, (...args: never[]) => unknown> = {
    executeCommand(command: string | Buffer, ...args: unknown[]): Promise<unknown> {
      let queue: TransactionQueue | undefined;
      try {
        if (queueing !== undefined) queue = queueing(this, typeof command === 'string' ? command : 'executeCommand');
        const { callbacks, keyPrefix } = core(this);
        const generic = genericCommand(command, args, callbacks); // as a pipeline reads it: one reading for every client
        if (queue !== undefined) return queue.enqueue(generic.name, generic.args, generic.options, generic.spec);
        return send(this, generic.name, prefixKeys(generic.args, keyPrefix), generic.spec, generic.options);
      } catch (error) {
        return refused(queue, error);
      }
    },
  };
  defineMethods(proto, methods);
}

/**
 * Puts the client surface on a client's prototype: the promise surface (`installCallSurface`)
 * and the rest of `ClientSurface` (`setResponseCallback`, the scan iterators).
 */
export function installClientSurface<T extends object>(proto: T, hooks: ClientSurfaceHooks<T>): void {
  installCallSurface(proto, hooks);
  const { core, scanKeys } = hooks;
  // Method shorthand: each has its name, and its body sees the imported iterators, not itself.
  const methods: ThisType<T> & Record<Exclude<keyof ClientSurface<boolean>, keyof CallSurface>, (...args: never[]) => unknown> = {
    setResponseCallback(command: string, callback: ResponseCallback): void {
      core(this).callbacks.set(command.toUpperCase(), callback);
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
