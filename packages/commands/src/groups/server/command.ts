import { DataError, type CommandArg, type RespValue } from '@aredis/resp-parser';
import { building } from '../../building.js';
import { defineCommand, trailingOptions, returns, type Bulk } from '../../define.js';
import { exclusive, key, value } from '../../args.js';
import { texts } from '../../callbacks.js';
import { parseCommandDocs, parseCommandTable, type CommandDoc, type CommandInfo } from '../../replies/command.js';

export type { CommandInfo, CommandDoc, CommandDocArgument, CommandKeySpecification } from '../../replies/command.js';

const commandNames = (list: readonly unknown[]): (string | Buffer)[] => list.map((n) => key('names', n));

/** COMMAND: every command's description, by name (redis-py's parse_command). */
export const command = defineCommand({
  name: 'COMMAND',
  reply: (reply) => parseCommandTable(reply),
  returns: returns<Record<string, CommandInfo>>(),
});

/** COMMAND COUNT: how many commands the server has. */
export const commandCount = defineCommand({ name: 'COMMAND COUNT', returns: returns<number>() });

/** COMMAND INFO [name ...]: the named commands' descriptions by name (unknown names left out). */
export const commandInfo = defineCommand({
  name: 'COMMAND INFO',
  build: (...names: string[]) => ['COMMAND', 'INFO', ...commandNames(names)],
  reply: (reply) => parseCommandTable(reply),
  returns: returns<Record<string, CommandInfo>>(),
});

/** COMMAND DOCS [name ...]: documentation by command name (summary, since, arguments, ...). */
export const commandDocs = defineCommand({
  name: 'COMMAND DOCS',
  build: (...names: string[]) => ['COMMAND', 'DOCS', ...commandNames(names)],
  reply: (reply) => parseCommandDocs(reply),
  returns: returns<Record<string, CommandDoc>>(),
});

function fullCommand(args: readonly (string | Buffer | number)[]): CommandArg[] {
  if (args.length === 0) throw new DataError(`${building()}: argument 'args' must hold the command to inspect`);
  return args.map((a) => value('args', a));
}

/** COMMAND GETKEYS command [arg ...]: the keys the server finds in a full command. */
export const commandGetkeys = defineCommand({
  name: 'COMMAND GETKEYS',
  build: (...args: (string | Buffer | number)[]) => ['COMMAND', 'GETKEYS', ...fullCommand(args)],
  returns: returns<Bulk[]>(),
});

/** COMMAND GETKEYSANDFLAGS command [arg ...]: `[key, flags]` pairs. */
export const commandGetkeysandflags = defineCommand({
  name: 'COMMAND GETKEYSANDFLAGS',
  build: (...args: (string | Buffer | number)[]) => ['COMMAND', 'GETKEYSANDFLAGS', ...fullCommand(args)],
  reply: (reply) =>
    Array.isArray(reply) ? reply.map((pair) => [(pair as RespValue[])[0], texts((pair as RespValue[])[1] ?? null)]) : [],
  returns: returns<[Bulk, string[]][]>(),
});

export interface CommandListOptions {
  /** FILTERBY MODULE name. */
  module?: string;
  /** FILTERBY ACLCAT category. */
  category?: string;
  /** FILTERBY PATTERN glob. */
  pattern?: string;
}

/** COMMAND LIST [FILTERBY MODULE m | ACLCAT c | PATTERN p]: command names. */
export const commandList = defineCommand({
  name: 'COMMAND LIST',
  options: trailingOptions(0, { module: true, category: true, pattern: true }),
  build: (options: CommandListOptions = {}) => {
    exclusive(options, ['module', 'category', 'pattern']);
    if (options.module !== undefined) return ['COMMAND', 'LIST', 'FILTERBY', 'MODULE', key('module', options.module)];
    if (options.category !== undefined) return ['COMMAND', 'LIST', 'FILTERBY', 'ACLCAT', key('category', options.category)];
    if (options.pattern !== undefined) return ['COMMAND', 'LIST', 'FILTERBY', 'PATTERN', key('pattern', options.pattern)];
    return ['COMMAND', 'LIST'];
  },
  returns: returns<Bulk[]>(),
});

export const commandHelp = defineCommand({ name: 'COMMAND HELP', reply: texts, returns: returns<string[]>() });
