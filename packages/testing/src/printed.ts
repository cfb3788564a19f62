import { inspect } from 'node:util';

/**
 * Every way an object is commonly printed or serialised, for tests that check what it gives
 * away: `util.inspect` (default, and to any depth with hidden properties), `String()`, and
 * `JSON.stringify` when the object can be serialised (a circular one cannot: left out).
 */
export function printedForms(value: unknown): string[] {
  const forms = [inspect(value), inspect(value, { depth: Infinity, showHidden: true }), String(value)];
  try {
    const json = JSON.stringify(value);
    if (json !== undefined) forms.push(json);
  } catch {
    // not serialisable (circular): nothing to leak through JSON
  }
  return forms;
}
