// SPDX-License-Identifier: UNLICENSED
import { MfaError } from '../../errors.js';
import type { WireResponse } from './create-sdk-wire.js';

/**
 * The body of a Graph answer: parsed JSON when the content type says JSON, the text otherwise,
 * undefined when empty. With `strict` (a 2xx answer, whose data we need) unparseable JSON is
 * `ERR_GRAPH` (`data.reason: 'protocol'`, the status, request id and body length — not the body);
 * without it (an error answer) the raw text is returned instead.
 */
export function parseGraphBody(response: WireResponse, strict: boolean): unknown {
  if (response.text === '') return undefined;
  const type = response.headers['content-type'] ?? '';
  if (!/json/i.test(type)) return response.text;
  try {
    return JSON.parse(response.text) as unknown;
  } catch (cause) {
    if (!strict) return response.text;
    throw new MfaError('ERR_GRAPH', `Graph answered ${response.status} with malformed JSON (${response.text.length} bytes)`, {
      data: { reason: 'protocol', status: response.status, requestId: response.headers['request-id'] ?? null, bodyLength: response.text.length },
      cause,
    });
  }
}
