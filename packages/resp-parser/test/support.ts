// Test helpers: the public vector harness plus small conveniences for these tests.
import { errorFromReply, type ResponseError } from '../src/index.js';
export * from '../src/vectors.js';

export const errorFromReplyFor = (message: string): ResponseError => errorFromReply(message);
