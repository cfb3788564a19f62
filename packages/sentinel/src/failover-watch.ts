import type { StrictRedis } from '@aredis/client';
import { EqualJitterBackoff } from '@aredis/connection';
import { parseSwitchMaster, type SwitchMasterMessage } from './replies.js';
import type { Address } from './sentinel-nodes.js';

/** The channel on which a sentinel announces that a master was replaced. */
export const SWITCH_MASTER = '+switch-master';

/** A `+switch-master` message and the sentinel that sent it. */
export interface SwitchMasterEvent extends SwitchMasterMessage {
  sentinel: Address;
}

/** Between attempts to subscribe again to a sentinel that was lost (seconds): about 0.1, 0.2, ... up to 2. */
const RESUBSCRIBE_BACKOFF = new EqualJitterBackoff({ base: 0.1, cap: 2 });

/**
 * One subscription to `+switch-master` on one sentinel, made again (after a backoff) whenever
 * the sentinel is lost, until `stop()`.
 */
class SentinelSubscription {
  readonly #address: Address;
  readonly #connect: () => StrictRedis<true>;
  readonly #onMessage: (text: string) => void;
  #stopped = false;
  #client: StrictRedis<true> | undefined;
  #pubsub: { close(): Promise<void> } | undefined;
  #wake: (() => void) | undefined;
  readonly done: Promise<void>;

  constructor(address: Address, connect: () => StrictRedis<true>, onMessage: (text: string) => void) {
    this.#address = address;
    this.#connect = connect;
    this.#onMessage = onMessage;
    this.done = this.#loop();
  }

  get address(): Address {
    return this.#address;
  }

  async #loop(): Promise<void> {
    for (let attempt = 1; !this.#stopped; attempt++) {
      const client = this.#connect();
      this.#client = client;
      const pubsub = client.pubsub({ ignoreSubscribeMessages: true });
      this.#pubsub = pubsub;
      try {
        await pubsub.subscribe(SWITCH_MASTER);
        attempt = 0;
        // stop() may have come while subscribing: it closed the pubsub, so listen() ends at once.
        for await (const message of pubsub.listen()) {
          if (message.type === 'message' && typeof message.data === 'string') this.#onMessage(message.data);
        }
      } catch {
        // The sentinel is down or was lost: the others still announce; this one is tried again.
      } finally {
        await pubsub.close().catch(() => undefined);
        await client.close().catch(() => undefined);
        this.#client = undefined;
        this.#pubsub = undefined;
      }
      if (!this.#stopped) await this.#sleep(RESUBSCRIBE_BACKOFF.compute(Math.max(1, attempt)) * 1000);
    }
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.#finishSleep(), ms);
      this.#wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  #finishSleep(): void {
    const wake = this.#wake;
    this.#wake = undefined;
    wake?.();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.#finishSleep();
    // The pubsub first: closing only the client left a subscription whose connection was still
    // being made open (the process did not exit).
    await this.#pubsub?.close().catch(() => undefined);
    await this.#client?.close().catch(() => undefined);
    await this.done;
  }
}

/**
 * Subscribes to `+switch-master` on every sentinel it is given, so that a failover is known
 * as soon as any sentinel announces it, and hands each message to `onSwitch` (malformed ones
 * are dropped).
 */
export class FailoverWatcher {
  readonly #subscriptions = new Map<string, SentinelSubscription>();
  readonly #connect: (host: string, port: number) => StrictRedis<true>;
  readonly #onSwitch: (event: SwitchMasterEvent) => void;

  constructor(connect: (host: string, port: number) => StrictRedis<true>, onSwitch: (event: SwitchMasterEvent) => void) {
    this.#connect = connect;
    this.#onSwitch = onSwitch;
  }

  /** Sentinels subscribed to (or being subscribed to again). */
  get watching(): Address[] {
    return [...this.#subscriptions.values()].map((subscription) => subscription.address);
  }

  /** Subscribes on each of these sentinels not subscribed to yet. */
  watch(addresses: readonly Address[]): void {
    for (const [host, port] of addresses) {
      const key = `${host}:${port}`;
      if (this.#subscriptions.has(key)) continue;
      const subscription = new SentinelSubscription(
        [host, port],
        () => this.#connect(host, port),
        (text) => {
          const message = parseSwitchMaster(text);
          if (message !== undefined) this.#onSwitch({ ...message, sentinel: [host, port] });
        },
      );
      this.#subscriptions.set(key, subscription);
    }
  }

  /** Ends every subscription and closes its connection. */
  async stop(): Promise<void> {
    const subscriptions = [...this.#subscriptions.values()];
    this.#subscriptions.clear();
    await Promise.all(subscriptions.map((subscription) => subscription.stop()));
  }
}
