/**
 * maxLineLength as a property any parser can be checked with: a text line that never ends
 * (a hostile server) must fail with a ProtocolError once its bytes pass the limit, so what a
 * parser can hold is bounded by maxLineLength plus the chunk that crossed it.
 */
import { ProtocolError } from '../errors.js';
import type { ParserClass } from '../types.js';

/** The line types maxLineLength bounds, with a filler byte each keeps valid forever. */
export const TEXT_LINE_TYPES: readonly { type: string; filler: string }[] = [
  { type: '+', filler: 'a' },
  { type: '-', filler: 'E' },
  { type: ':', filler: '7' },
  { type: ',', filler: '1' },
  { type: '(', filler: '9' },
];

export interface EndlessLineOutcome {
  /** Bytes fed (type byte included) when feed() threw; Infinity when it never did. */
  fedWhenFailed: number;
  /** What feed() threw. */
  thrown: unknown;
}

/**
 * Feeds `type`, then `filler` bytes in chunks of `chunkSize`, up to `budget` bytes, and
 * reports when the parser gave up. Each chunk is a fresh Buffer, as a socket delivers them.
 */
export function feedEndlessLine(
  Parser: ParserClass,
  line: { type: string; filler: string },
  options: { maxLineLength?: number; chunkSize: number; budget: number },
): EndlessLineOutcome {
  const parser = new Parser({
    onReply: () => undefined,
    onError: () => undefined,
    ...(options.maxLineLength === undefined ? {} : { maxLineLength: options.maxLineLength }),
  });
  let fed = 0;
  try {
    parser.feed(Buffer.from(line.type));
    fed = 1;
    while (fed < options.budget) {
      const chunk = Buffer.alloc(options.chunkSize, line.filler);
      fed += chunk.length;
      parser.feed(chunk);
    }
  } catch (thrown) {
    return { fedWhenFailed: fed, thrown };
  }
  return { fedWhenFailed: Infinity, thrown: undefined };
}

/** Whether `thrown` is the library's ProtocolError (also from another copy of the package). */
export function isProtocolErrorLike(thrown: unknown): boolean {
  return thrown instanceof ProtocolError || (thrown instanceof Error && (thrown as { code?: unknown }).code === 'AREDIS_ERR_PROTOCOL');
}
