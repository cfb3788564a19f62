import { expect, it } from 'vitest';
import { ResponseError } from '@aredis/client';
import { useServer } from '../commands/harness.js';
import { eachMode } from './modes.js';

// Scripting: EVAL/EVALSHA replies are the script's, unshaped (Lua integers ints, strings
// str/bytes, tables lists, false None); SCRIPT LOAD a sha string, SCRIPT EXISTS booleans.

const server = useServer();

eachMode('scripting reply shapes', server, (mode) => {
  const { v, k } = mode;
  it('EVAL, EVALSHA, SCRIPT LOAD, SCRIPT EXISTS', async () => {
    const lua = "return {1, 'two', {3}, false, redis.call('GET', KEYS[1])}";
    await mode.r.set(k('x'), 'val');
    expect(await mode.r.eval(lua, 1, k('x'))).toEqual([1, v('two'), [3], null, v('val')]);
    const sha = await mode.r.scriptLoad(lua);
    expect(sha).toMatch(/^[0-9a-f]{40}$/);
    expect(await mode.r.evalsha(sha, 1, k('x'))).toEqual([1, v('two'), [3], null, v('val')]);
    expect(await mode.r.scriptExists(sha, '0'.repeat(40))).toEqual([true, false]);
    expect(await mode.r.eval("return redis.status_reply('FINE')", 0)).toBe('FINE');
    await expect(mode.r.eval("return redis.error_reply('NOPE went wrong')", 0)).rejects.toThrow(ResponseError);
  });

  it('registerScript runs through EVALSHA, loading the script when the server lacks it', async () => {
    const script = mode.r.registerScript('return ARGV[1] .. KEYS[1]');
    expect(await mode.r.scriptFlush()).toBe(true);
    expect(await script({ keys: [k('s')], args: ['key:'] })).toEqual(v(`key:${k('s')}`));
  });
});
