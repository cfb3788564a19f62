import { StrictRedis, pickParserClass, type StrictRedisOptions } from '@aredis/client';
import { ConnectionError, ResponseError, TimeoutError } from '@aredis/resp-parser';
import type { SentinelNodeOptions } from './options.js';

/** `[host, port]` of a server. */
export type Address = [host: string, port: number];

/**
 * Defaults of the connections to the sentinels: a dead or slow sentinel is skipped at once
 * (2 s timeouts, no reconnect retries) rather than waited for.
 */
const SENTINEL_DEFAULTS = {
  socketConnectTimeout: 2,
  commandTimeout: 2,
  retry: false,
  offlineQueue: true,
} as const;

/** One sentinel: its address and the client that asks it. */
export interface SentinelNode {
  readonly host: string;
  readonly port: number;
  readonly client: StrictRedis<true>;
}

/** A sentinel that cannot help now: down, slow, or not monitoring that name. Others are bugs. */
export function isSkippable(error: unknown): boolean {
  return error instanceof ConnectionError || error instanceof TimeoutError || error instanceof ResponseError;
}

function key(host: string, port: number): string {
  return `${host}:${port}`;
}

/**
 * The sentinels a Sentinel asks, in the order it asks them: the one that last answered first.
 * Sentinels learnt later (SENTINEL SENTINELS) join at the end.
 */
export class SentinelNodes {
  readonly #options: SentinelNodeOptions;
  readonly #nodes: SentinelNode[] = [];
  readonly #known = new Set<string>();

  constructor(addresses: readonly (readonly [string, number])[], options: SentinelNodeOptions) {
    this.#options = options;
    for (const [host, port] of addresses) this.add(host, port);
  }

  /** In asking order. A copy: the order changes as sentinels answer. */
  get nodes(): SentinelNode[] {
    return [...this.#nodes];
  }

  get addresses(): Address[] {
    return this.#nodes.map((node) => [node.host, node.port]);
  }

  /** Adds a sentinel at the end; undefined when it is already known. */
  add(host: string, port: number): SentinelNode | undefined {
    if (this.#known.has(key(host, port))) return undefined;
    this.#known.add(key(host, port));
    const node: SentinelNode = { host, port, client: this.connect(host, port) };
    this.#nodes.push(node);
    return node;
  }

  /** A new client of one sentinel, with the sentinels' connection options. */
  connect(host: string, port: number): StrictRedis<true> {
    return new StrictRedis<true>({
      parserClass: pickParserClass(),
      ...SENTINEL_DEFAULTS,
      ...this.#options,
      host,
      port,
      decodeResponses: true,
    } as StrictRedisOptions<true>);
  }

  /** The sentinel at `host:port` goes first next time (it answered, or announced a failover). */
  promote(host: string, port: number): void {
    const index = this.#nodes.findIndex((node) => node.host === host && node.port === port);
    if (index <= 0) return;
    const [node] = this.#nodes.splice(index, 1);
    this.#nodes.unshift(node as SentinelNode);
  }

  /**
   * Asks the sentinels in order until `ask` gives an answer (not undefined). A sentinel that
   * cannot help (down, slow, an error reply) is skipped and its reason kept in `reasons`;
   * `ask` returns a string to refuse an answer with that reason. With `promote`, the one that
   * answered goes first next time.
   */
  async first<T extends object>(
    ask: (node: SentinelNode) => Promise<T | string | undefined>,
    { reasons = [], promote = false }: { reasons?: string[]; promote?: boolean } = {},
  ): Promise<T | undefined> {
    for (const node of this.nodes) {
      let answer: T | string | undefined;
      try {
        answer = await ask(node);
      } catch (error) {
        if (!isSkippable(error)) throw error;
        reasons.push(`sentinel ${key(node.host, node.port)}: ${(error as Error).message}`);
        continue;
      }
      if (typeof answer === 'string') {
        reasons.push(`sentinel ${key(node.host, node.port)}: ${answer}`);
        continue;
      }
      if (answer === undefined) continue;
      if (promote) this.promote(node.host, node.port);
      return answer;
    }
    return undefined;
  }

  async close(): Promise<void> {
    await Promise.all(this.#nodes.map((node) => node.client.connectionPool.disconnect()));
  }
}
