import { inspect } from 'node:util';
import { ConnectionError, DataError } from '@aredis/resp-parser';
import { REDACTED } from '@aredis/resp-parser/internal';

/** What a credential provider gives, as redis-py's tuples: `[password]` or `[username, password]`. */
export type Credentials = readonly [password: string] | readonly [username: string, password: string];

/**
 * redis-py's `CredentialProvider`: asked for the credentials on every connect and reconnect
 * (before HELLO / AUTH), so a rotating token is read fresh each time. It may answer at once or
 * with a promise (redis-py's `get_credentials_async`).
 */
export interface CredentialProvider {
  getCredentials(): Credentials | Promise<Credentials>;
}

/** redis-py's `UsernamePasswordCredentialProvider`: fixed credentials; prints without the password. */
export class UsernamePasswordCredentialProvider implements CredentialProvider {
  readonly username: string | undefined;
  readonly #password: string;
  constructor(username?: string, password?: string) {
    this.username = username === '' ? undefined : username;
    this.#password = password ?? '';
  }
  getCredentials(): Credentials {
    return this.username === undefined ? [this.#password] : [this.username, this.#password];
  }
  toJSON(): Record<string, unknown> {
    return { username: this.username, password: REDACTED };
  }
  [inspect.custom](): string {
    return `UsernamePasswordCredentialProvider { username: ${inspect(this.username)}, password: '${REDACTED}' }`;
  }
}

/** Refuses `credentialProvider` beside `username` / `password` (redis-py: DataError), or one without getCredentials. */
export function checkCredentialOptions(where: string, options: { username?: unknown; password?: unknown; credentialProvider?: unknown }): void {
  const provider = options.credentialProvider;
  if (provider === undefined) return;
  if (typeof (provider as { getCredentials?: unknown } | null)?.getCredentials !== 'function') {
    throw new DataError(`${where}: option 'credentialProvider' must have a getCredentials() method`);
  }
  if (options.username !== undefined || options.password !== undefined) {
    throw new DataError(`${where}: options 'username' and 'password' cannot be given with 'credentialProvider'`);
  }
}

/** Asks the provider; a provider that fails or answers something else fails this connect attempt. */
export async function credentialsFrom(provider: CredentialProvider): Promise<{ username: string | undefined; password: string }> {
  let answer: unknown;
  try {
    answer = await provider.getCredentials();
  } catch (error) {
    throw new ConnectionError(`credentialProvider failed: ${(error as Error)?.message ?? String(error)}`, { cause: error });
  }
  if (Array.isArray(answer) && answer.every((part) => typeof part === 'string')) {
    if (answer.length === 1) return { username: undefined, password: answer[0] as string };
    if (answer.length === 2) return { username: answer[0] as string, password: answer[1] as string };
  }
  throw new ConnectionError('credentialProvider.getCredentials() must give [password] or [username, password] (strings)');
}
