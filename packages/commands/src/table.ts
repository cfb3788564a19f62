import type { CommandSpec, ResponseCallback } from './define.js';
import * as bitmap from './groups/bitmap.js';
import * as cluster from './groups/cluster.js';
import * as connection from './groups/connection.js';
import * as generic from './groups/generic.js';
import * as geo from './groups/geo.js';
import * as hash from './groups/hash.js';
import * as hyperloglog from './groups/hyperloglog.js';
import * as list from './groups/list.js';
import * as pubsub from './groups/pubsub.js';
import * as scripting from './groups/scripting.js';
import * as server from './groups/server.js';
import * as set from './groups/set.js';
import * as sorted_set from './groups/sorted-set.js';
import * as stream from './groups/stream.js';
import * as string from './groups/string.js';

/**
 * Every command declaration, keyed by method name. A group module's exports are its methods;
 * adding a group is one import and one spread here.
 */
export const COMMANDS = {
  ...bitmap,
  ...cluster,
  ...connection,
  ...generic,
  ...geo,
  ...hash,
  ...hyperloglog,
  ...list,
  ...pubsub,
  ...scripting,
  ...server,
  ...set,
  ...sorted_set,
  ...stream,
  ...string,
};

export type CommandTable = typeof COMMANDS;
export type AnyCommandSpec = CommandSpec<never[], unknown>;

/** The default response callbacks, by command name (`ZRANGE`, `CONFIG GET`). */
export const RESPONSE_CALLBACKS: Readonly<Record<string, ResponseCallback>> = Object.freeze(
  Object.fromEntries(
    Object.values(COMMANDS as Record<string, AnyCommandSpec>)
      .filter((spec) => spec.reply !== undefined)
      .map((spec) => [spec.name, spec.reply as ResponseCallback]),
  ),
);
