import {
  AskError,
  BusyLoadingError,
  ClusterDownError,
  ConnectionError,
  MovedError,
  TryAgainError,
} from '@aredis/resp-parser';
import { TooManyRedirectionsError } from './errors.js';
import type { NodeManager } from './nodes.js';
import type { NodeKey } from './slot-map.js';
import { sleep } from './timeouts.js';

/** What the retry loop needs from its cluster client. */
export interface FollowCore {
  readonly nodes: NodeManager;
  /** MOVED and ASK redirections one command may take (a loop between nodes ends there). */
  readonly maxRedirections: number;
  /** How long (ms) one command may keep following the cluster before TooManyRedirectionsError. */
  retryTimeout(): number;
  /** The wait (ms) before retry `n` (1-based) after TRYAGAIN, CLUSTERDOWN, LOADING or a lost node. */
  backoff(n: number): number;
}

/** Where a command goes: its slot (undefined: keyless, any master), and whether a replica may serve it. */
export interface FollowTarget {
  /** The command, for messages. */
  readonly name: string;
  readonly slot: number | undefined;
  readonly readonly: boolean;
}

/** One try at `node`; `asking`: ASKING must precede the command on the same connection. */
export type Attempt<T> = (node: NodeKey, asking: boolean) => Promise<T>;

/** No error yet: the first attempt comes first. */
const NO_ERROR: unique symbol = Symbol('no error');

type Kind = 'ask' | 'moved' | 'wait' | 'down' | 'lost';

/** What the cluster makes of an error: a redirection, a reason to wait, or (undefined) the user's. */
function classify(error: unknown): Kind | undefined {
  if (error instanceof AskError) return 'ask';
  if (error instanceof MovedError) return 'moved';
  if (error instanceof TryAgainError || error instanceof BusyLoadingError) return 'wait';
  if (error instanceof ClusterDownError) return 'down';
  if (error instanceof ConnectionError) return 'lost';
  return undefined;
}

/** An error the cluster retries (a redirection, a wait, a lost node), not the command's own. */
export function followable(error: unknown): boolean {
  return classify(error) !== undefined;
}

function randomOf<T>(items: readonly T[]): T | undefined {
  return items[Math.floor(Math.random() * items.length)];
}

/**
 * Runs `attempt` at the node serving `target.slot`, following the cluster until it succeeds:
 * MOVED patches the slot map (a full refresh follows in the background) and retries at the
 * named node; ASK retries at the named node with ASKING; TRYAGAIN, LOADING, CLUSTERDOWN and a
 * lost node (ConnectionError) wait (backoff) and retry, the last two after reloading the map.
 * Any other error is the command's own and is thrown as it is. More than `maxRedirections`
 * MOVED/ASK, or more than `retryTimeout` ms since the first failure's command started, raise
 * TooManyRedirectionsError naming the command, with the last error as `cause`.
 *
 * `firstError`: the error a first try made elsewhere got (a pipeline's batch): it is handled
 * (ASK followed, MOVED patched, a wait) before the first attempt here. `node` of that first
 * try is unknown, so 'preferReplica' does not fall back to the master for it.
 */
export async function followCluster<T>(
  core: FollowCore,
  target: FollowTarget,
  attempt: Attempt<T>,
  firstError: unknown = NO_ERROR,
): Promise<T> {
  const started = Date.now();
  let deadline = Infinity;
  let redirections = 0;
  let waits = 0;
  let askNode: NodeKey | undefined;
  let masterOnly = false;
  let node: NodeKey | undefined;
  let error: unknown = firstError;
  for (;;) {
    if (error !== NO_ERROR) {
      const kind = classify(error);
      if (kind === undefined) throw error;
      if (deadline === Infinity) deadline = started + core.retryTimeout();
      const redirect = error as MovedError;
      if (kind === 'ask' || kind === 'moved') {
        if (++redirections > core.maxRedirections) {
          throw new TooManyRedirectionsError(
            `${target.name}: gave up after ${core.maxRedirections} redirections (MOVED/ASK) in the cluster (last: ${redirect.message})`,
            { cause: error },
          );
        }
        const to = core.nodes.reachable(redirect.host, redirect.port);
        if (kind === 'ask') askNode = to;
        else {
          (await core.nodes.map()).moveSlot(redirect.slot, to);
          core.nodes.refresh().catch(() => undefined);
        }
      }
      const wait = kind === 'ask' || kind === 'moved' ? 0 : core.backoff(++waits);
      if (Date.now() + wait > deadline) {
        const spent = ((Date.now() - started) / 1000).toFixed(1);
        throw new TooManyRedirectionsError(
          `${target.name}: gave up after ${spent} s following the cluster (retryTimeout ${core.retryTimeout() / 1000} s; last: ${(error as Error).message})`,
          { cause: error },
        );
      }
      let preferred: readonly NodeKey[] = [];
      if (kind === 'lost' && target.slot !== undefined) {
        const map = await core.nodes.map();
        // A master lost: its replicas are the first to know which of them took over.
        if (map.master(target.slot) === node) preferred = map.replicas(target.slot);
        // A replica out of reach, with 'preferReplica': the master serves this read now.
        else if (core.nodes.router.policy === 'preferReplica') masterOnly = true;
      }
      if (kind === 'lost' || kind === 'down') await Promise.all([core.nodes.refresh(preferred).catch(() => undefined), sleep(wait)]);
      else if (wait > 0) await sleep(wait);
    }
    try {
      if (askNode !== undefined) node = askNode;
      else {
        const map = await core.nodes.map();
        node = target.slot === undefined ? randomOf(map.masters()) : core.nodes.router.pick(map, target.slot, target.readonly, masterOnly);
      }
      if (node === undefined) throw new ClusterDownError(`CLUSTERDOWN Hash slot ${target.slot ?? '(any)'} is not served by any known node`);
      const asking = askNode !== undefined;
      askNode = undefined;
      return await attempt(node, asking);
    } catch (caught) {
      error = caught;
    }
  }
}
