import { describe, expect, expectTypeOf, it } from 'vitest';
import type { RespValue } from '@aredis/resp-parser';
import { COMMANDS, type CommandMethods } from '@aredis/commands';
import { reply } from './helpers.js';

describe('pubsub commands: arguments', () => {
  it('PUBLISH and SPUBLISH', () => {
    expect(COMMANDS.publish.build('ch', 'hi')).toEqual(['PUBLISH', 'ch', 'hi']);
    expect(COMMANDS.spublish.build('ch', Buffer.from('hi'))).toEqual(['SPUBLISH', 'ch', Buffer.from('hi')]);
    expect(() => COMMANDS.publish.build('ch', undefined as never)).toThrow(/PUBLISH: argument 'message'/);
    expect(() => COMMANDS.spublish.build(null as never, 'm')).toThrow(/SPUBLISH: argument 'shardChannel'/);
  });

  it('PUBSUB subcommands', () => {
    expect(COMMANDS.pubsubChannels.build()).toEqual(['PUBSUB', 'CHANNELS']);
    expect(COMMANDS.pubsubChannels.build('news.*')).toEqual(['PUBSUB', 'CHANNELS', 'news.*']);
    expect(COMMANDS.pubsubNumsub.build('a', 'b')).toEqual(['PUBSUB', 'NUMSUB', 'a', 'b']);
    expect(COMMANDS.pubsubNumsub.build()).toEqual(['PUBSUB', 'NUMSUB']);
    expect(COMMANDS.pubsubNumpat.build()).toEqual(['PUBSUB', 'NUMPAT']);
    expect(COMMANDS.pubsubShardchannels.build('s*')).toEqual(['PUBSUB', 'SHARDCHANNELS', 's*']);
    expect(COMMANDS.pubsubShardnumsub.build('s')).toEqual(['PUBSUB', 'SHARDNUMSUB', 's']);
    expect(COMMANDS.pubsubHelp.build()).toEqual(['PUBSUB', 'HELP']);
    expect(() => COMMANDS.pubsubNumsub.build([] as never)).toThrow(/PUBSUB NUMSUB: argument 'channels'/);
    expect(() => COMMANDS.pubsubChannels.build(5 as never)).not.toThrow(); // a number is sent as its text
  });

  it('declares no (un)subscribe command: those belong to the PubSub class', () => {
    const names = new Set(Object.values(COMMANDS).map((spec) => spec.name));
    for (const name of ['SUBSCRIBE', 'UNSUBSCRIBE', 'PSUBSCRIBE', 'PUNSUBSCRIBE', 'SSUBSCRIBE', 'SUNSUBSCRIBE']) {
      expect(names.has(name)).toBe(false);
    }
  });
});

describe('pubsub commands: replies', () => {
  it('NUMSUB / SHARDNUMSUB as [channel, count] pairs from a flat array or a map', () => {
    expect(reply('pubsubNumsub', ['a', 1, 'b', 0])).toEqual([['a', 1], ['b', 0]]);
    expect(reply('pubsubNumsub', new Map<RespValue, RespValue>([['a', 1]]))).toEqual([['a', 1]]);
    expect(reply('pubsubShardnumsub', ['s', 2])).toEqual([['s', 2]]);
    expect(reply('pubsubHelp', ['line'])).toEqual(['line']);
  });
});

describe('pubsub commands: types', () => {
  it('decodeResponses decides string or Buffer', () => {
    expectTypeOf<ReturnType<CommandMethods<true>['pubsubNumsub']>>().toEqualTypeOf<Promise<[string, number][]>>();
    expectTypeOf<ReturnType<CommandMethods<false>['pubsubChannels']>>().toEqualTypeOf<Promise<Buffer[]>>();
    expectTypeOf<ReturnType<CommandMethods<false>['publish']>>().toEqualTypeOf<Promise<number>>();
  });
});
