import { describe, expect, expectTypeOf, it } from 'vitest';
import { DataError } from '@aredis/resp-parser';
import {
  AbstractConnection,
  Connection,
  TlsConnection,
  UnixDomainSocketConnection,
  type TcpConnectionOptions,
} from '../src/index.js';

// Unknown option keys are refused (at runtime and by the types), before anything is sent.

describe('connection options are checked', () => {
  it('an unknown key is a DataError naming it and the nearest known key', () => {
    // @ts-expect-error: a typo of decodeResponses
    expect(() => new Connection({ decodeResponse: true })).toThrow(DataError);
    // @ts-expect-error: a typo of decodeResponses
    expect(() => new Connection({ decodeResponse: true })).toThrow(/Connection: unknown option 'decodeResponse' \(did you mean 'decodeResponses'\?\)/);
    // @ts-expect-error: redis-py's keyword spelled the Python way
    expect(() => new Connection({ socket_timeout: 1 })).toThrow(/did you mean 'socketTimeout'/);
    // @ts-expect-error: nothing like it
    expect(() => new Connection({ frobnicate: 1 })).toThrow(/unknown option 'frobnicate'$/);
  });

  it("an undefined value still counts: a typo stays a typo", () => {
    // @ts-expect-error: a typo of password
    expect(() => new Connection({ pasword: undefined })).toThrow(/'pasword'.*'password'/);
  });

  it('each class takes its own options: TLS options on TlsConnection only, path on the unix one only', () => {
    expect(() => new TlsConnection({ ca: 'x', servername: 'h', rejectUnauthorized: false })).not.toThrow();
    // @ts-expect-error: ca is a TlsConnection option
    expect(() => new Connection({ ca: 'x' })).toThrow(/Connection: unknown option 'ca'/);
    // @ts-expect-error: host is a TCP option
    expect(() => new UnixDomainSocketConnection({ path: '/tmp/x.sock', host: 'h' })).toThrow(/UnixDomainSocketConnection: unknown option 'host'/);
    expect(Connection.optionNames).toContain('host');
    expect(TlsConnection.optionNames).toEqual(expect.arrayContaining([...Connection.optionNames, 'ca', 'tls']));
  });

  it('a subclass that takes more options lists them on itself', () => {
    class Tagged extends Connection {
      static override readonly optionNames = [...Connection.optionNames, 'tag'];
      readonly tag: string | undefined;
      constructor(options: TcpConnectionOptions & { tag?: string } = {}) {
        super(options);
        this.tag = options.tag;
      }
    }
    expect(new Tagged({ tag: 'mine', host: 'h' }).tag).toBe('mine');
    class Undeclared extends Connection {
      constructor(options: TcpConnectionOptions & { tag?: string } = {}) {
        super(options);
      }
    }
    expect(() => new Undeclared({ tag: 'mine' })).toThrow(/Undeclared: unknown option 'tag'/);
    expectTypeOf(Tagged.optionNames).toEqualTypeOf<string[]>();
    expectTypeOf(AbstractConnection.optionNames).toEqualTypeOf<readonly string[]>();
  });

  it('the option types have no index signature', () => {
    expectTypeOf<TcpConnectionOptions>().not.toHaveProperty('anything');
    expectTypeOf<{ decodeResponse: boolean }>().not.toMatchTypeOf<TcpConnectionOptions>();
  });
});
