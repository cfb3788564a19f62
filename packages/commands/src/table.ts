import type { CommandSpec, ResponseCallback } from './define.js';
import * as connection from './groups/connection.js';
import * as string from './groups/string.js';

/**
 * Every command declaration, keyed by method name. A group module's exports are its methods;
 * adding a group is one import and one spread here.
 */
export const COMMANDS = {
  ...connection,
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
