import { DataError, type CommandArg, type RespValue } from '@aredis/resp-parser';
import { building } from '../building.js';
import { defineCommand, trailingOptions, returns, type Bulk, type KeyArg, type ValueArg } from '../define.js';
import { nonNegative, value } from '../args.js';
import { arrayOrEmpty, integersToBooleans, okToBoolean, pairsToObject, texts } from '../callbacks.js';

/**
 * The scripting and functions commands (group 'scripting' in the Redis command specifications).
 * Every export is a command declaration; the export name is the method name.
 *
 * EVAL and friends take redis-py's form: `eval(script, numkeys, ...keysAndArgs)`, the first
 * `numkeys` of `keysAndArgs` being the keys. Their replies are whatever the script returns,
 * unshaped (redis-py has no callback for them either).
 */

/** `[script|sha|function, numkeys, ...keys, ...args]` with numkeys checked against what follows. */
function scriptCall(command: string, first: string, head: unknown, numkeys: unknown, rest: readonly unknown[]): CommandArg[] {
  const n = nonNegative('numkeys', numkeys);
  if (n < 0 || n > rest.length) {
    throw new DataError(`${command}: argument 'numkeys' must be between 0 and the number of keys and args given (${rest.length})`);
  }
  return [command, value(first, head), n, ...rest.map((a, i) => value(i < n ? 'keys' : 'args', a))];
}

function evalCommand(command: 'EVAL' | 'EVALSHA' | 'EVAL_RO' | 'EVALSHA_RO' | 'FCALL' | 'FCALL_RO', first: string) {
  return defineCommand({
    name: command,
    build: (head: string | Buffer, numkeys: number, ...keysAndArgs: (KeyArg | ValueArg)[]) =>
      scriptCall(command, first, head, numkeys, keysAndArgs),
    returns: returns<unknown>(),
  });
}

/** EVAL script numkeys ...keysAndArgs: the script's reply, as the server sent it. */
const evalScript = evalCommand('EVAL', 'script');
export { evalScript as eval };
export const evalsha = evalCommand('EVALSHA', 'sha');
/** EVAL_RO: a read-only script, may go to a replica. */
export const evalRo = evalCommand('EVAL_RO', 'script');
export const evalshaRo = evalCommand('EVALSHA_RO', 'sha');
/** FCALL function numkeys ...keysAndArgs. */
export const fcall = evalCommand('FCALL', 'function');
export const fcallRo = evalCommand('FCALL_RO', 'function');

// ---- SCRIPT ----

/** SCRIPT LOAD script: its SHA1, a string whether the client decodes or not (redis-py's str_if_bytes). */
export const scriptLoad = defineCommand({
  name: 'SCRIPT LOAD',
  build: (script: string | Buffer) => ['SCRIPT', 'LOAD', value('script', script)],
  reply: (reply) => String(reply),
  returns: returns<string>(),
});

/** SCRIPT EXISTS ...shas: one boolean a sha. */
export const scriptExists = defineCommand({
  name: 'SCRIPT EXISTS',
  build: (...shas: (string | Buffer)[]) => {
    if (shas.length === 0) throw new DataError(`${building()}: argument 'shas' needs at least one sha`);
    return ['SCRIPT', 'EXISTS', ...shas.map((s) => value('shas', s))];
  },
  reply: (reply) => integersToBooleans(reply),
  returns: returns<boolean[]>(),
});

export type FlushMode = 'SYNC' | 'ASYNC' | 'sync' | 'async';
function flushMode(mode: unknown): CommandArg[] {
  if (mode === undefined || mode === null) return [];
  const m = typeof mode === 'string' ? mode.toUpperCase() : '';
  if (m !== 'SYNC' && m !== 'ASYNC') throw new DataError(`${building()}: argument 'syncType' must be 'SYNC' or 'ASYNC'`);
  return [m];
}

/** SCRIPT FLUSH [syncType]: true. */
export const scriptFlush = defineCommand({
  name: 'SCRIPT FLUSH',
  build: (syncType?: FlushMode) => ['SCRIPT', 'FLUSH', ...flushMode(syncType)],
  reply: (reply) => okToBoolean(reply),
  returns: returns<boolean>(),
});

/** SCRIPT KILL: true (a ResponseError when no script runs). */
export const scriptKill = defineCommand({
  name: 'SCRIPT KILL',
  reply: (reply) => okToBoolean(reply),
  returns: returns<boolean>(),
});

/**
 * SCRIPT DEBUG mode: true. `YES`/`SYNC` turn the next EVAL on this connection into a
 * debugging session (redis-cli's --ldb); only `NO` is useful from a multiplexed client.
 */
export const scriptDebug = defineCommand({
  name: 'SCRIPT DEBUG',
  build: (mode: 'YES' | 'SYNC' | 'NO' | 'yes' | 'sync' | 'no') => {
    const m = typeof mode === 'string' ? mode.toUpperCase() : '';
    if (m !== 'YES' && m !== 'SYNC' && m !== 'NO') throw new DataError(`${building()}: argument 'mode' must be YES, SYNC or NO`);
    return ['SCRIPT', 'DEBUG', m];
  },
  reply: (reply) => okToBoolean(reply),
  returns: returns<boolean>(),
});

export const scriptHelp = defineCommand({
  name: 'SCRIPT HELP',
  reply: (reply) => texts(reply),
  returns: returns<string[]>(),
});

// ---- FUNCTION ----

/** FUNCTION LOAD code [{ replace }]: the library's name. */
export const functionLoad = defineCommand({
  name: 'FUNCTION LOAD',
  options: trailingOptions(1, { replace: 'flag' }),
  build: (code: string | Buffer, options: { replace?: boolean } = {}) => [
    'FUNCTION',
    'LOAD',
    ...(options.replace ? ['REPLACE'] : []),
    value('code', code),
  ],
  returns: returns<Bulk>(),
});

/** FUNCTION DELETE library: true. */
export const functionDelete = defineCommand({
  name: 'FUNCTION DELETE',
  build: (library: string | Buffer) => ['FUNCTION', 'DELETE', value('library', library)],
  reply: (reply) => okToBoolean(reply),
  returns: returns<boolean>(),
});

/** FUNCTION FLUSH [mode]: true. */
export const functionFlush = defineCommand({
  name: 'FUNCTION FLUSH',
  build: (mode?: FlushMode) => ['FUNCTION', 'FLUSH', ...flushMode(mode)],
  reply: (reply) => okToBoolean(reply),
  returns: returns<boolean>(),
});

export interface FunctionInfo {
  name: Bulk;
  description: Bulk | null;
  flags: string[];
}
export interface LibraryInfo {
  library_name: Bulk;
  engine: Bulk;
  functions: FunctionInfo[];
  /** Only with `withcode`. */
  library_code?: Bulk;
}

function library(raw: RespValue): Record<string, unknown> {
  const lib: Record<string, unknown> = pairsToObject(raw);
  lib.functions = arrayOrEmpty((lib.functions ?? null) as RespValue).map((f) => {
    const fn: Record<string, unknown> = pairsToObject(f);
    fn.flags = texts((fn.flags ?? null) as RespValue);
    return fn;
  });
  return lib;
}

/** FUNCTION LIST [{ library, withcode }]: one object a library, keys as the server names them. */
export const functionList = defineCommand({
  name: 'FUNCTION LIST',
  options: trailingOptions(0, { library: true, withcode: 'flag' }),
  build: (options: { library?: string | Buffer; withcode?: boolean } = {}) => {
    const args: CommandArg[] = ['FUNCTION', 'LIST'];
    if (options.library !== undefined) args.push('LIBRARYNAME', value('library', options.library));
    if (options.withcode) args.push('WITHCODE');
    return args;
  },
  reply: (reply) => arrayOrEmpty(reply).map(library),
  returns: returns<LibraryInfo[]>(),
});

/**
 * FUNCTION DUMP: the serialized libraries, a Buffer even on a client that decodes responses
 * (binary, as redis-py's NEVER_DECODE); FUNCTION RESTORE takes it back.
 */
export const functionDump = defineCommand({ name: 'FUNCTION DUMP', returns: returns<Buffer>(), neverDecode: true });

/** FUNCTION RESTORE payload [{ policy }]: true. Policy APPEND (default), REPLACE or FLUSH. */
export const functionRestore = defineCommand({
  name: 'FUNCTION RESTORE',
  options: trailingOptions(1, { policy: true }),
  build: (payload: Buffer | string, options: { policy?: 'APPEND' | 'REPLACE' | 'FLUSH' } = {}) => {
    const args: CommandArg[] = ['FUNCTION', 'RESTORE', value('payload', payload)];
    if (options.policy !== undefined) {
      const p = typeof options.policy === 'string' ? options.policy.toUpperCase() : '';
      if (p !== 'APPEND' && p !== 'REPLACE' && p !== 'FLUSH') {
        throw new DataError(`${building()}: option 'policy' must be APPEND, REPLACE or FLUSH`);
      }
      args.push(p);
    }
    return args;
  },
  reply: (reply) => okToBoolean(reply),
  returns: returns<boolean>(),
});

export interface FunctionStats {
  running_script: { name: Bulk; command: Bulk[]; duration_ms: number } | null;
  engines: Record<string, { libraries_count: number; functions_count: number }>;
}

/** FUNCTION STATS: `{ running_script, engines: { LUA: { libraries_count, functions_count } } }`. */
export const functionStats = defineCommand({
  name: 'FUNCTION STATS',
  reply: (reply) => {
    const stats: Record<string, unknown> = pairsToObject(reply);
    const running = (stats.running_script ?? null) as RespValue;
    stats.running_script = running === null ? null : pairsToObject(running);
    const engines = pairsToObject((stats.engines ?? null) as RespValue);
    stats.engines = Object.fromEntries(Object.entries(engines).map(([k, v]) => [k, pairsToObject(v)]));
    return stats;
  },
  returns: returns<FunctionStats>(),
});

/** FUNCTION KILL: true (a ResponseError when no function runs). */
export const functionKill = defineCommand({
  name: 'FUNCTION KILL',
  reply: (reply) => okToBoolean(reply),
  returns: returns<boolean>(),
});

export const functionHelp = defineCommand({
  name: 'FUNCTION HELP',
  reply: (reply) => texts(reply),
  returns: returns<string[]>(),
});
