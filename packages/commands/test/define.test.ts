import { describe, expect, expectTypeOf, it } from 'vitest';
import { DataError } from '@aredis/resp-parser';
import { COMMANDS, RESPONSE_CALLBACKS, installCommands, type CommandMethods, type ChainedCommandMethods } from '@aredis/commands';

describe('command declarations', () => {
  it('builds SET with its options and rejects conflicting ones before sending', () => {
    expect(COMMANDS.set.build('k', 'v', { ex: 10, nx: true })).toEqual(['SET', 'k', 'v', 'EX', 10, 'NX']);
    expect(() => COMMANDS.set.build('k', 'v', { nx: true, xx: true })).toThrow(DataError);
    expect(() => COMMANDS.set.build('k', 'v', { ex: 1, px: 2 })).toThrow(/'ex' and 'px'/);
    expect(() => COMMANDS.get.build(undefined as unknown as string)).toThrow(/GET: argument 'name'/);
  });

  it('collects reply shapers into RESPONSE_CALLBACKS by command name', () => {
    expect(RESPONSE_CALLBACKS.SET?.('OK', {})).toBe(true);
    expect(RESPONSE_CALLBACKS.SET?.(null, {})).toBe(null);
  });

  it('installs methods that hand their spec and arguments to invoke', () => {
    class Target {}
    const seen: unknown[] = [];
    installCommands(Target.prototype, function (spec, args) {
      seen.push(spec.name, args);
      return 'sent';
    });
    const t = new Target() as unknown as CommandMethods<false>;
    expect(t.get('k')).toBe('sent');
    expect(seen).toEqual(['GET', ['k']]);
  });

  it('types replies as Buffer, or string when decoding', () => {
    expectTypeOf<ReturnType<CommandMethods<false>['get']>>().toEqualTypeOf<Promise<Buffer | null>>();
    expectTypeOf<ReturnType<CommandMethods<true>['get']>>().toEqualTypeOf<Promise<string | null>>();
    expectTypeOf<Parameters<ChainedCommandMethods<true, 'self'>['set']>[0]>().toEqualTypeOf<string | Buffer>();
    expectTypeOf<ReturnType<ChainedCommandMethods<true, 'self'>['set']>>().toEqualTypeOf<'self'>();
  });
});
