import type { UrlOptions } from '@aredis/pool';
import { DataError } from '@aredis/resp-parser';
import { maskUrls } from '@aredis/resp-parser/internal';

/**
 * `decodeResponses` (or `decode_responses`) in a client's URL is a DataError: the client's
 * reply types follow `options.decodeResponses`, which a URL read at run time cannot set.
 */
export function refuseUrlDecoding(where: string, url: string, parsed: UrlOptions): void {
  if (parsed.decodeResponses === undefined) return;
  throw new DataError(
    `${where}.fromUrl: the URL parameter 'decodeResponses' is not taken (the reply types follow the option): ` +
      `pass it in the options, fromUrl(url, { decodeResponses: ${String(parsed.decodeResponses)} }) (${maskUrls(url)})`,
  );
}
