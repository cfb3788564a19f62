import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderPlainBuilders } from '../src/plain-builders-source.js';

describe('generated plain builders', () => {
  it('are up to date with the specifications and the names (run `pnpm commands:builders`)', () => {
    const committed = readFileSync(new URL('../src/generated/plain-builders.ts', import.meta.url), 'utf8');
    expect(committed).toBe(renderPlainBuilders());
  });
});
