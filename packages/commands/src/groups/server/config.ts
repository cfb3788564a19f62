import { DataError, type CommandArg, type RespValue } from '@aredis/resp-parser';
import { building } from '../../building.js';
import { defineCommand, returns, type Bulk, type ValueArg } from '../../define.js';
import { key, value } from '../../args.js';
import { okToBoolean, pairsToObject, text, texts } from '../../callbacks.js';

/**
 * CONFIG GET pattern [pattern ...]: `{ parameter: value }` (redis-py's dict); `*` by default.
 * Values are strings whether the client decodes or not, as redis-py's callback makes them.
 */
export const configGet = defineCommand({
  name: 'CONFIG GET',
  build: (pattern: string | Buffer = '*', ...patterns: (string | Buffer)[]) => [
    'CONFIG',
    'GET',
    key('pattern', pattern),
    ...patterns.map((p) => key('pattern', p)),
  ],
  reply: (reply) => {
    const out = pairsToObject(reply);
    for (const name in out) out[name] = text(out[name] as RespValue);
    return out as Record<string, string>;
  },
  returns: returns<Record<string, string>>(),
});

/**
 * CONFIG SET: `configSet('maxmemory', '10mb')` or several at once (atomically since 7.0):
 * `configSet({ maxmemory: '10mb', 'maxmemory-policy': 'allkeys-lru' })`. `true` when set.
 */
export const configSet = defineCommand({
  name: 'CONFIG SET',
  build: (name: string | Readonly<Record<string, ValueArg>>, val?: ValueArg) => {
    const args: CommandArg[] = ['CONFIG', 'SET'];
    if (typeof name === 'string') {
      if (val === undefined) throw new DataError(`${building()}: argument 'value' is required with a parameter name`);
      args.push(name, value('value', val));
      return args;
    }
    if (name === null || typeof name !== 'object' || Array.isArray(name) || Buffer.isBuffer(name)) {
      throw new DataError(`${building()}: argument 'name' must be a parameter name or an object of parameters`);
    }
    const entries = Object.entries(name);
    if (entries.length === 0) throw new DataError(`${building()}: argument 'name' must hold at least one parameter`);
    if (val !== undefined) throw new DataError(`${building()}: argument 'value' must be left out when 'name' is an object`);
    for (const [param, v] of entries) args.push(param, value(param, v));
    return args;
  },
  reply: okToBoolean,
  returns: returns<boolean>(),
});

/** CONFIG RESETSTAT: resets INFO's statistics. */
export const configResetstat = defineCommand({
  name: 'CONFIG RESETSTAT',
  reply: okToBoolean,
  returns: returns<boolean>(),
});

/** CONFIG REWRITE: writes the running configuration to the config file. */
export const configRewrite = defineCommand({ name: 'CONFIG REWRITE', reply: okToBoolean, returns: returns<boolean>() });

export const configHelp = defineCommand({ name: 'CONFIG HELP', reply: texts, returns: returns<string[]>() });
