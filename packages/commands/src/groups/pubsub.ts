import type { CommandArg, RespValue } from '@aredis/resp-parser';
import { defineCommand, returns, type Bulk, type ValueArg } from '../define.js';
import { value } from '../args.js';
import { arrayOrEmpty, texts } from '../callbacks.js';

/**
 * The publishing and introspection commands of group 'pubsub'. SUBSCRIBE and the other
 * (un)subscribe commands are not here: they belong to the PubSub class.
 * Every export is a command declaration; the export name is the method name.
 */

/** PUBLISH channel message: how many clients received it. */
export const publish = defineCommand({ name: 'PUBLISH', returns: returns<number>() });

/** SPUBLISH shardchannel message: how many clients of the shard received it. */
export const spublish = defineCommand({ name: 'SPUBLISH', returns: returns<number>() });

/** `[channel, subscribers]` pairs, as redis-py's parse_pubsub_numsub (a Map under RESP3 too). */
function numsub(reply: RespValue): [RespValue, number][] {
  if (reply instanceof Map) return [...reply].map(([c, n]) => [c, Number(n)]);
  const flat = arrayOrEmpty(reply);
  const out: [RespValue, number][] = [];
  for (let i = 0; i + 1 < flat.length; i += 2) out.push([flat[i] as RespValue, Number(flat[i + 1])]);
  return out;
}

function patternArg(pattern: unknown): CommandArg[] {
  return pattern === undefined ? [] : [value('pattern', pattern)];
}

/** PUBSUB CHANNELS [pattern]: the active channels (redis-py's default pattern `*` is the server's). */
export const pubsubChannels = defineCommand({
  name: 'PUBSUB CHANNELS',
  build: (pattern?: string | Buffer) => ['PUBSUB', 'CHANNELS', ...patternArg(pattern)],
  returns: returns<Bulk[]>(),
});

/** PUBSUB NUMSUB ...channels: `[channel, subscribers]` per channel. */
export const pubsubNumsub = defineCommand({
  name: 'PUBSUB NUMSUB',
  build: (...channels: ValueArg[]) => ['PUBSUB', 'NUMSUB', ...channels.map((c) => value('channels', c))],
  reply: (reply) => numsub(reply),
  returns: returns<[Bulk, number][]>(),
});

/** PUBSUB NUMPAT: how many pattern subscriptions exist. */
export const pubsubNumpat = defineCommand({ name: 'PUBSUB NUMPAT', returns: returns<number>() });

/** PUBSUB SHARDCHANNELS [pattern]: the active shard channels. */
export const pubsubShardchannels = defineCommand({
  name: 'PUBSUB SHARDCHANNELS',
  build: (pattern?: string | Buffer) => ['PUBSUB', 'SHARDCHANNELS', ...patternArg(pattern)],
  returns: returns<Bulk[]>(),
});

/** PUBSUB SHARDNUMSUB ...shardChannels: `[channel, subscribers]` per shard channel. */
export const pubsubShardnumsub = defineCommand({
  name: 'PUBSUB SHARDNUMSUB',
  build: (...shardChannels: ValueArg[]) => [
    'PUBSUB',
    'SHARDNUMSUB',
    ...shardChannels.map((c) => value('shardChannels', c)),
  ],
  reply: (reply) => numsub(reply),
  returns: returns<[Bulk, number][]>(),
});

export const pubsubHelp = defineCommand({
  name: 'PUBSUB HELP',
  reply: (reply) => texts(reply),
  returns: returns<string[]>(),
});
