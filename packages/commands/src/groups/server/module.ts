import { DataError, type CommandArg } from '@aredis/resp-parser';
import { building } from '../../building.js';
import { defineCommand, trailingOptions, returns, type Bulk, type ValueArg } from '../../define.js';
import { key, value } from '../../args.js';
import { okToBoolean, pairsToObject, texts } from '../../callbacks.js';

export interface ModuleInfo {
  name: Bulk;
  ver: number;
  path: Bulk;
  args: Bulk[];
}

/** MODULE LIST: the loaded modules as objects (`{ name, ver, path, args }`). */
export const moduleList = defineCommand({
  name: 'MODULE LIST',
  reply: (reply) => (Array.isArray(reply) ? reply.map((m) => pairsToObject(m)) : []),
  returns: returns<ModuleInfo[]>(),
});

/** MODULE LOAD path [arg ...]: loads a module from the server's disk. */
export const moduleLoad = defineCommand({
  name: 'MODULE LOAD',
  build: (path: string, ...args: ValueArg[]) => [
    'MODULE',
    'LOAD',
    key('path', path),
    ...args.map((a) => value('args', a)),
  ],
  reply: okToBoolean,
  returns: returns<boolean>(),
});

export interface ModuleLoadexOptions {
  /** Module configuration (CONFIG name value ...). */
  options?: Readonly<Record<string, ValueArg>>;
  /** Arguments to the module (ARGS ...). */
  args?: readonly ValueArg[];
}

/** MODULE LOADEX path [CONFIG name value ...] [ARGS arg ...] (Redis 7.0+). */
export const moduleLoadex = defineCommand({
  name: 'MODULE LOADEX',
  options: trailingOptions(1, { options: true, args: true }),
  build: (path: string, options: ModuleLoadexOptions = {}) => {
    const args: CommandArg[] = ['MODULE', 'LOADEX', key('path', path)];
    for (const [name, v] of Object.entries(options.options ?? {})) args.push('CONFIG', name, value(name, v));
    if (options.args !== undefined) {
      if (!Array.isArray(options.args)) throw new DataError(`${building()}: argument 'args' must be an array`);
      args.push('ARGS', ...options.args.map((a) => value('args', a)));
    }
    return args;
  },
  reply: okToBoolean,
  returns: returns<boolean>(),
});

/** MODULE UNLOAD name: unloads a module. */
export const moduleUnload = defineCommand({
  name: 'MODULE UNLOAD',
  build: (name: string) => ['MODULE', 'UNLOAD', key('name', name)],
  reply: okToBoolean,
  returns: returns<boolean>(),
});

export const moduleHelp = defineCommand({ name: 'MODULE HELP', reply: texts, returns: returns<string[]>() });
