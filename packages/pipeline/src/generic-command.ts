import { COMMANDS, callOptions, type AnyCommandSpec, type CallOptions, type ResponseCallback } from '@aredis/commands';
import { DataError, type CommandArg } from '@aredis/resp-parser';

/** Command declarations by command name (`CONFIG GET`), for a generic command's flags. */
export const SPECS: ReadonlyMap<string, AnyCommandSpec> = new Map(
  Object.values(COMMANDS as unknown as Record<string, AnyCommandSpec>).map((spec) => [spec.name, spec]),
);

export interface GenericCommand {
  /** The callback's name: two words when that names a callback or a declared command. */
  name: string;
  args: CommandArg[];
  options: CallOptions;
  spec: AnyCommandSpec | undefined;
}

/**
 * `executeCommand('CONFIG GET', 'maxmemory', { ... })` as the client reads it: a first
 * argument with spaces is split, a trailing plain object is the callback's options and is
 * not sent. Throws DataError (nothing sent) on an argument that cannot be sent.
 */
export function genericCommand(
  command: string | Buffer,
  rest: readonly unknown[],
  callbacks: ReadonlyMap<string, ResponseCallback>,
): GenericCommand {
  let options = callOptions(rest);
  if (rest.length > 0 && options === rest[rest.length - 1]) rest = rest.slice(0, -1);
  else options = callOptions([]);
  const args: CommandArg[] = typeof command === 'string' ? command.split(' ').filter((w) => w !== '') : [command];
  if (args.length === 0) throw new DataError("executeCommand: argument 'command' is empty");
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    if (typeof arg === 'string' || typeof arg === 'number' || typeof arg === 'bigint' || Buffer.isBuffer(arg)) {
      args.push(arg);
    } else {
      const shown = arg === null ? 'null' : Array.isArray(arg) ? 'array' : typeof arg;
      throw new DataError(`executeCommand: argument ${i + 1} must be a string, Buffer or number, got ${shown}`);
    }
  }
  const first = String(args[0]).toUpperCase();
  const second = args.length > 1 && typeof args[1] === 'string' ? `${first} ${args[1].toUpperCase()}` : undefined;
  const name = second !== undefined && (callbacks.has(second) || SPECS.has(second)) ? second : first;
  return { name, args, options, spec: SPECS.get(name) };
}

/** Whether a command needs a connection of its own while it waits (BLPOP, XREAD BLOCK). */
export function isBlocking(spec: AnyCommandSpec | undefined, args: readonly CommandArg[]): boolean {
  const blocking = spec?.blocking;
  if (blocking === undefined || blocking === false) return false;
  return blocking === true || blocking(args);
}
