import { describe, expect, it } from 'vitest';
import { DataError } from '@aredis/resp-parser';
import { COMMANDS, args, defineCommand, returns } from '../src/index.js';
import { building, buildingAs } from '../src/building.js';

describe('the command being built names the argument checks', () => {
  it('is the declaration of the build that runs, nested builds included, and is restored after a throw', () => {
    expect(building()).toBe('command');
    const inner = defineCommand({ name: 'INNER', build: (v: unknown) => ['INNER', args.key('v', v)], returns: returns<unknown>() });
    const outer = defineCommand({
      name: 'OUTER',
      build: (v: unknown) => [...inner.build('k'), args.integer('v', v)],
      returns: returns<unknown>(),
    });
    expect(outer.build(1)).toEqual(['INNER', 'k', 1]);
    expect(() => outer.build('x')).toThrow(new DataError("OUTER: argument 'v' must be an integer, got string"));
    expect(() => outer.build.call(undefined, 2) && inner.build(3)).toThrow("INNER: argument 'v' must be a string or Buffer, got number");
    expect(building()).toBe('command');
    expect(() => COMMANDS.get.build(5 as unknown as string)).toThrow("GET: argument 'name' must be a string or Buffer, got number");
    expect(building()).toBe('command');
  });

  it('outside a build, a check names no command', () => {
    expect(() => args.key('name', 1)).toThrow("command: argument 'name' must be a string or Buffer, got number");
    expect(buildingAs('PING', () => [building()], [])).toEqual(['PING']);
  });
});
