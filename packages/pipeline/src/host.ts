import type { AbstractConnection, SendOptions } from '@aredis/connection';
import type { KeyPrefix, ResponseCallback } from '@aredis/commands';
import type { CommandArg } from '@aredis/resp-parser';

/** What a pipeline needs from a connection pool (`ConnectionPool` has it). */
export interface PipelinePool {
  /** The shared multiplexed connection (non-transactional and plain MULTI/EXEC pipelines). */
  getConnection(): AbstractConnection | Promise<AbstractConnection>;
  /** A connection of its own (WATCH, or a blocking command in the queue). */
  acquire(): Promise<AbstractConnection>;
  release(connection: AbstractConnection, options?: { close?: boolean }): void;
}

/** What a pipeline takes from the client that made it. */
export interface PipelineHost {
  readonly pool: PipelinePool;
  /** The client's response callbacks by command name, instance overrides included (read live). */
  readonly callbacks: ReadonlyMap<string, ResponseCallback>;
  /** The client's per-call options (`withOptions`): a timeout for the whole execute(), a signal. */
  readonly sendOptions?: SendOptions | undefined;
  /**
   * Throws when this host cannot take the command (its full arguments), before it is queued,
   * sent or WATCHed: a cluster's transaction refuses keys of another slot (CrossSlotError).
   */
  readonly checkCommand?: ((args: readonly CommandArg[]) => void) | undefined;
  /** The client's `keyPrefix`: put before every key of every command (and WATCH's keys). */
  readonly keyPrefix?: KeyPrefix | undefined;
}
