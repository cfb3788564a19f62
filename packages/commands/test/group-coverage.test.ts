import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as bitmap from '../src/groups/bitmap.js';
import * as generic from '../src/groups/generic.js';
import * as hyperloglog from '../src/groups/hyperloglog.js';
import * as string from '../src/groups/string.js';

// Every method of these groups has an argument-building test: its test file calls
// `C.<method>.build(`.
const groups = { bitmap, generic, hyperloglog, string };

describe('argument tests exist for every method of the string, generic, bitmap and hyperloglog groups', () => {
  for (const [group, module] of Object.entries(groups)) {
    it(group, () => {
      const source = readFileSync(new URL(`./${group}.test.ts`, import.meta.url), 'utf8');
      const untested = Object.keys(module).filter((method) => !source.includes(`C.${method}.build(`));
      expect(untested).toEqual([]);
    });
  }
});
