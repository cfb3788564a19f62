import type { AbstractConnection, SendOptions } from '@aredis/connection';
import { Pipeline, type PipelinePool } from '@aredis/pipeline';
import { ClusterDownError, ExecAbortError, MovedError, TryAgainError } from '@aredis/resp-parser';
import { acquireFrom, ready, type ClusterCall, type ClusterCore } from './execute.js';
import { followCluster } from './follow.js';
import type { NodeKey } from './slot-map.js';

/** A pool of one connection already taken: the pipeline runs on it, and nothing else does. */
function onlyConnection(connection: AbstractConnection): PipelinePool {
  return {
    getConnection: () => connection,
    acquire: () => Promise.resolve(connection),
    release: () => undefined,
  };
}

/**
 * The redirection a refused transaction stands for: EXECABORT whose queued commands were
 * answered MOVED, ASK, TRYAGAIN or CLUSTERDOWN (the slot is elsewhere, migrating, or down).
 */
export function redirectionInside(error: unknown): unknown {
  if (!(error instanceof ExecAbortError)) return error;
  const inner = error.errors?.find(
    (e) => e instanceof MovedError || e instanceof TryAgainError || e instanceof ClusterDownError,
  );
  return inner ?? error;
}

/**
 * MULTI/EXEC of `calls` (keys of `slot` only; undefined: keyless, any master) on the node
 * serving the slot, following the cluster as a single command does: MOVED (a queued command
 * refused, or EXEC itself), TRYAGAIN, CLUSTERDOWN and a lost node retry on the node that
 * serves the slot now (after a failover: the promoted replica); ASK runs it again on the
 * importing node as ASKING, MULTI, the commands, EXEC, on a connection of its own (the ASKING
 * flag holds for the whole transaction). Resolves with the replies (errors in place).
 * A transaction whose connection was lost after EXEC was sent is sent again: it may run twice.
 */
export function runSlotTransaction(
  core: ClusterCore,
  calls: readonly ClusterCall[],
  slot: number | undefined,
  sendOptions: SendOptions | undefined,
): Promise<unknown[]> {
  const once = async (node: NodeKey, asking: boolean): Promise<unknown[]> => {
    const pool = core.nodes.pool(node);
    let own: AbstractConnection | undefined;
    let host: PipelinePool = pool;
    if (asking) {
      own = await acquireFrom(core, node);
      // Written before MULTI on the connection nobody else uses: the flag covers the transaction.
      own.send(['ASKING']).catch(() => undefined);
      host = onlyConnection(own);
    } else {
      const got = pool.getConnection();
      await ready(got instanceof Promise ? await got : got);
    }
    const pipe = new Pipeline({ pool: host, callbacks: core.callbacks, sendOptions }, { transaction: true });
    for (const call of calls) pipe.executeCommand(call.args[0] as string | Buffer, ...call.args.slice(1), call.callOptions);
    try {
      return await pipe.execute({ raiseOnError: false });
    } catch (error) {
      throw redirectionInside(error);
    } finally {
      if (own !== undefined) pool.release(own);
    }
  };
  return followCluster(core, { name: 'MULTI', slot, readonly: false }, once);
}
