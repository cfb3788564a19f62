/** Turns values into bytes (or text) and back. */
export interface Serializer<T = unknown> {
  serialize(value: T): string | Buffer;
  deserialize(data: Buffer): T;
}

/** JSON (the default): what `JSON.stringify` keeps survives the round trip. */
export const jsonSerializer: Serializer<unknown> = {
  serialize(value) {
    const text = JSON.stringify(value);
    if (text === undefined) throw new TypeError(`a ${typeof value} has no JSON form`);
    return text;
  },
  deserialize(data) {
    return JSON.parse(data.toString('utf8')) as unknown;
  },
};
