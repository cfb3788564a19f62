import { DataError } from '@aredis/resp-parser';

/** A service name: a non-empty string (DataError naming the method otherwise). */
export function checkName(method: string, name: unknown): string {
  if (typeof name !== 'string' || name === '') throw new DataError(`${method}: argument 'name' must be a non-empty string`);
  return name;
}

/** `[[host, port], ...]`, at least one, each checked. */
export function checkAddresses(sentinels: unknown): readonly [string, number][] {
  if (!Array.isArray(sentinels) || sentinels.length === 0) {
    throw new DataError("Sentinel: argument 'sentinels' must be a non-empty array of [host, port]");
  }
  return sentinels.map((address: unknown, i) => {
    const [host, port] = Array.isArray(address) ? (address as unknown[]) : [];
    if (typeof host !== 'string' || host === '' || !Number.isInteger(port) || (port as number) <= 0 || (port as number) > 65535) {
      throw new DataError(`Sentinel: argument 'sentinels[${i}]' must be [host, port], got ${JSON.stringify(address)}`);
    }
    return [host, port as number];
  });
}
