import type { RedisProcess } from './redis-process.js';
import { rawCommand, type RawReply, type RawTarget } from './resp.js';
import { HOST, authCommand, type SentinelSetAuth } from './sentinel-config.js';
import type { ClientTls } from './certificates.js';

export interface SentinelDataNode {
  readonly host: string;
  readonly port: number;
  /** Role as last seen (updated by `failover()`, `waitForFailover()`, `refresh()`). */
  readonly role: 'master' | 'replica';
  readonly running: boolean;
  readonly pid: number | undefined;
}

export interface SentinelProcess {
  readonly host: string;
  readonly port: number;
  readonly running: boolean;
  readonly pid: number | undefined;
}

/** One process of a set (a data node or a sentinel), and how the launcher talks to it. */
export class Member implements SentinelDataNode, SentinelProcess {
  readonly host = HOST;
  port = 0;
  role: 'master' | 'replica' = 'replica';
  readonly #tls: ClientTls | undefined;
  readonly #auth: string[][];

  constructor(readonly proc: RedisProcess, readonly dir: string, tls: ClientTls | undefined, auth: SentinelSetAuth | undefined) {
    this.#tls = tls;
    this.#auth = authCommand(auth);
  }

  get running(): boolean {
    return this.proc.running;
  }

  get pid(): number | undefined {
    return this.proc.running ? this.proc.pid : undefined;
  }

  /** Where a raw command goes: host, port and, for a TLS set, the certificates. */
  get target(): RawTarget {
    const tls = this.#tls;
    return tls === undefined ? { host: this.host, port: this.port } : { host: this.host, port: this.port, tls: { ca: tls.ca, cert: tls.cert, key: tls.key, servername: tls.servername } };
  }

  /** A raw command, authenticated with the set's credentials for this kind of process. */
  ask(args: (string | number)[], timeout?: number): Promise<RawReply> {
    return rawCommand(this.target, args, { before: this.#auth, ...(timeout !== undefined && { timeout }) });
  }
}

export function text(reply: RawReply): string {
  return typeof reply === 'string' ? reply : '';
}
