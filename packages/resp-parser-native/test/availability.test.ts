import { describe, expect, it } from 'vitest';
import { isAvailable, NativeRespParser, unavailableReason } from '../src/index.js';
import { compilerPresent } from './availability.js';

describe('availability', () => {
  it('the addon loads wherever a C compiler exists', () => {
    if (compilerPresent) expect(isAvailable(), `addon missing although a compiler exists: ${unavailableReason()}`).toBe(true);
    else expect(typeof unavailableReason()).toBe('string');
  });

  it('unavailableReason() is undefined exactly when isAvailable()', () => {
    expect(unavailableReason() === undefined).toBe(isAvailable());
  });

  it.skipIf(!isAvailable())('constructs a parser with the same options as the TypeScript one', () => {
    const parser = new NativeRespParser({ onReply: () => {}, onError: () => {}, maxBulkLength: 10, maxDepth: 2 });
    expect(typeof parser.feed).toBe('function');
    expect(typeof parser.reset).toBe('function');
  });
});
