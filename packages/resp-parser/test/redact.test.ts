import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { REDACTED, maskUrls, printRedacted, redactCommand, redactSecrets } from '../src/internal.js';

describe('redaction of secrets', () => {
  it('redactSecrets replaces secret options at any depth and keeps the rest', () => {
    const key = Buffer.from('private key');
    const options = { host: 'h', password: 'pw', tls: { ca: 'CA', key, passphrase: 'pp', pfx: key }, credentialProvider: () => ({}), list: [{ password: 'x' }] };
    const redacted = redactSecrets(options);
    expect(redacted).toEqual({ host: 'h', password: REDACTED, tls: { ca: 'CA', key: REDACTED, passphrase: REDACTED, pfx: REDACTED }, credentialProvider: REDACTED, list: [{ password: REDACTED }] });
    expect(options.password).toBe('pw'); // the original is untouched
    const circular: Record<string, unknown> = { password: 'pw' };
    circular.self = circular;
    expect(inspect(redactSecrets(circular))).not.toContain("'pw'");
  });

  it('printRedacted copies: prints and serialises redacted, reads, spreads and lists keys as given', () => {
    const given = { password: 'pw', tls: { passphrase: 'pp' }, port: 1 };
    const options = printRedacted(given);
    expect(options).not.toBe(given);
    for (const printed of [inspect(options), JSON.stringify(options), inspect(options.tls), JSON.stringify(options.tls), inspect({ options })]) {
      expect(printed).not.toMatch(/'pw'|"pw"|'pp'|"pp"/);
    }
    expect(options.password).toBe('pw');
    expect(options.tls.passphrase).toBe('pp');
    expect({ ...options }).toEqual(given);
    expect(Object.keys(options)).toEqual(['password', 'tls', 'port']);
  });

  it('maskUrls hides the user information of every URL in a text', () => {
    expect(maskUrls("not a valid URL: 'redis://:pw@127.0.0.1:99999'")).toBe("not a valid URL: 'redis://***@127.0.0.1:99999'");
    expect(maskUrls('rediss://user:p@ss@host/0 and unix://u:pw@/tmp/s')).toBe('rediss://***@host/0 and unix://***@/tmp/s');
    expect(maskUrls('redis://host:6379/0')).toBe('redis://host:6379/0');
  });

  it('redactCommand hides the passwords commands carry', () => {
    expect(redactCommand(['AUTH', 'pw'])).toEqual(['AUTH', REDACTED]);
    expect(redactCommand(['auth', 'user', 'pw'])).toEqual(['auth', REDACTED, REDACTED]);
    expect(redactCommand(['HELLO', '3', 'AUTH', 'user', 'pw', 'SETNAME', 'n'])).toEqual(['HELLO', '3', 'AUTH', 'user', REDACTED, 'SETNAME', 'n']);
    expect(redactCommand(['MIGRATE', 'h', 6379, 'k', 0, 5000, 'AUTH2', 'u', 'pw'])).toEqual(['MIGRATE', 'h', 6379, 'k', 0, 5000, 'AUTH2', 'u', REDACTED]);
    expect(redactCommand(['CONFIG', 'SET', 'requirepass', 'pw', 'maxmemory', '1mb'])).toEqual(['CONFIG', 'SET', 'requirepass', REDACTED, 'maxmemory', '1mb']);
    expect(redactCommand(['ACL', 'SETUSER', 'u', 'on', '>pw', '~*'])).toEqual(['ACL', 'SETUSER', 'u', 'on', REDACTED, '~*']);
    expect(redactCommand(['SET', 'k', 'v'])).toEqual(['SET', 'k', 'v']);
  });
});
