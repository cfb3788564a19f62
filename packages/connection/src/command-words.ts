import type { Command } from './options.js';
import type { PendingReply } from './pending.js';

/**
 * What a connection needs to know about a command from its words, on its rare paths only
 * (a lost socket, a loading server, the silence check); never per command.
 */

/** The first word of a command, upper-cased ('' when there is none). */
export function commandWord(args: Command | undefined): string {
  const first = args?.[0];
  if (typeof first === 'string') return first.toUpperCase();
  if (Buffer.isBuffer(first)) return first.toString('latin1').toUpperCase();
  return '';
}

/** Commands the server may legitimately leave unanswered for long: they block by design. */
const WAITING_COMMANDS = new Set([
  'BLPOP',
  'BRPOP',
  'BRPOPLPUSH',
  'BLMOVE',
  'BLMPOP',
  'BZPOPMIN',
  'BZPOPMAX',
  'BZMPOP',
  'WAIT',
  'WAITAOF',
  // Slow by design rather than blocking: a foreground save or flush of a large data set, DEBUG SLEEP.
  'SAVE',
  'FLUSHALL',
  'FLUSHDB',
  'DEBUG',
  'MIGRATE',
]);

/** Whether the server may stay silent for long while this command waits (BLPOP, XREAD BLOCK, WAIT, ...). */
export function mayWaitLong(args: Command | undefined): boolean {
  const word = commandWord(args);
  if (WAITING_COMMANDS.has(word)) return true;
  if (word !== 'XREAD' && word !== 'XREADGROUP') return false;
  return (args as Command).some((arg) => (typeof arg === 'string' || Buffer.isBuffer(arg)) && arg.length === 5 && arg.toString().toUpperCase() === 'BLOCK');
}

/** MULTI opens a transaction; EXEC and DISCARD close it. */
export function transactionWord(args: Command | undefined): 'open' | 'close' | undefined {
  const word = commandWord(args);
  if (word === 'MULTI') return 'open';
  if (word === 'EXEC' || word === 'DISCARD') return 'close';
  return undefined;
}

/**
 * Of the commands that never reached the socket (in order), which may be sent again on a new
 * connection. A transaction cannot be: it belongs to the connection it began on (its WATCH,
 * its MULTI), so every command from a MULTI to its EXEC/DISCARD is refused instead; an EXEC
 * whose MULTI was already written refuses the commands before it too, and a MULTI without
 * its EXEC everything after it.
 */
export function splitResendable(unwritten: readonly PendingReply[]): { resend: PendingReply[]; refuse: PendingReply[] } {
  const refused = new Array<boolean>(unwritten.length).fill(false);
  let openedAt = -1;
  let spanStart = 0;
  for (let i = 0; i < unwritten.length; i++) {
    const word = transactionWord((unwritten[i] as PendingReply).args);
    if (word === 'open') {
      openedAt = i;
    } else if (word === 'close') {
      // Closes the MULTI in this tail, or one written before it (then the whole tail so far belongs to it).
      refused.fill(true, openedAt >= 0 ? openedAt : spanStart, i + 1);
      openedAt = -1;
      spanStart = i + 1;
    }
  }
  if (openedAt >= 0) refused.fill(true, openedAt);
  const resend: PendingReply[] = [];
  const refuse: PendingReply[] = [];
  unwritten.forEach((pending, i) => (refused[i] === true ? refuse : resend).push(pending));
  return { resend, refuse };
}
