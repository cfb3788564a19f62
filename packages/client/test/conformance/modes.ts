import { afterAll, beforeAll, describe } from 'vitest';
import { StrictRedis } from '@aredis/client';
import { PROTOCOLS, type Protocol, type ServerRef } from '../commands/harness.js';

// The four ways a redis-py user meets replies: RESP2 or RESP3, decode_responses on or off. A
// reply-shape conformance file runs its checks once in each, with `v('text')` standing for what
// the client gives for a bulk string (the string when decoding, its Buffer otherwise).

export interface Mode {
  readonly protocol: Protocol;
  readonly decodeResponses: boolean;
  /** The client of this mode (made in beforeAll). */
  readonly r: StrictRedis<boolean>;
  /** A bulk reply of this text as the client gives it. */
  v(text: string): string | Buffer;
  /** A key of this mode's own. */
  k(name: string): string;
}

/** Runs `body` in a describe block per protocol and decode mode, against `server`. */
export function eachMode(title: string, server: ServerRef, body: (mode: Mode) => void): void {
  for (const protocol of PROTOCOLS) {
    for (const decodeResponses of [true, false]) {
      describe(`${title} (RESP${protocol}, decodeResponses ${decodeResponses})`, () => {
        let client: StrictRedis<boolean> | undefined;
        beforeAll(() => {
          client = new StrictRedis({ port: server.port, protocol, decodeResponses });
        });
        afterAll(async () => {
          await client?.close();
        });
        body({
          protocol,
          decodeResponses,
          get r() {
            if (client === undefined) throw new Error('the client is made in beforeAll');
            return client;
          },
          v: (text) => (decodeResponses ? text : Buffer.from(text)),
          k: (name) => `shape:${protocol}:${decodeResponses}:${name}`,
        });
      });
    }
  }
}
