// SPDX-License-Identifier: UNLICENSED
/**
 * A minimal browser for HTTP-level tests of the pages: keeps cookies (the `__Host-`/Secure ones too, over
 * plain HTTP), sends from a chosen local address (`localAddress`, so tests get different socket peers),
 * never follows redirects by itself, and reads the forms of our own server-rendered pages.
 */
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';

export interface WebResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
  /** The `Location` header of a redirect, or null. */
  location: string | null;
  /** Every `Set-Cookie` line of this response. */
  setCookies: string[];
}

export interface WebClientOptions {
  /** Local address to connect from (`127.0.0.2`, `::1`…). */
  localAddress?: string;
  /** Headers sent with every request (e.g. a forged `X-Forwarded-For`). */
  headers?: Record<string, string>;
}

export interface WebClient {
  readonly baseUrl: string;
  /** Cookie name → value, as the server set them. */
  readonly cookies: Map<string, string>;
  get(path: string, headers?: Record<string, string>): Promise<WebResponse>;
  /** POSTs `fields` urlencoded (or a raw urlencoded string). */
  post(path: string, fields: Record<string, string> | string, headers?: Record<string, string>): Promise<WebResponse>;
  /** GET `path`, then follows same-origin redirects (at most 5). */
  follow(path: string): Promise<WebResponse>;
}

export function createWebClient(baseUrl: string, options: WebClientOptions = {}): WebClient {
  const cookies = new Map<string, string>();
  const base = new URL(baseUrl);

  function send(method: string, path: string, body: string | null, headers: Record<string, string>): Promise<WebResponse> {
    const url = new URL(path, base);
    const cookie = [...cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const all: Record<string, string> = { ...options.headers, ...headers, ...(cookie ? { cookie } : {}) };
    if (body !== null) {
      all['content-type'] ??= 'application/x-www-form-urlencoded';
      all['content-length'] = String(Buffer.byteLength(body));
    }
    const make = url.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise((resolve, reject) => {
      const req = make(url, {
        method, headers: all, rejectUnauthorized: false,
        ...(options.localAddress === undefined ? {} : { localAddress: options.localAddress }),
      }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const setCookies = res.headers['set-cookie'] ?? [];
          for (const line of setCookies) storeCookie(cookies, line);
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8'), location: res.headers.location ?? null, setCookies });
        });
        res.on('error', reject);
      });
      req.on('error', reject);
      req.setTimeout(15_000, () => req.destroy(new Error(`${method} ${path} timed out`)));
      req.end(body ?? undefined);
    });
  }

  const client: WebClient = {
    baseUrl, cookies,
    get: (path, headers = {}) => send('GET', path, null, headers),
    post: (path, fields, headers = {}) => send('POST', path, typeof fields === 'string' ? fields : new URLSearchParams(fields).toString(), headers),
    async follow(path) {
      let res = await client.get(path);
      for (let i = 0; i < 5 && res.location !== null && [301, 302, 303, 307].includes(res.status); i++) {
        const next = new URL(res.location, base);
        if (next.origin !== base.origin) break;
        res = await client.get(`${next.pathname}${next.search}`);
      }
      return res;
    },
  };
  return client;
}

/** Applies one `Set-Cookie` line: stores the value, or deletes it when it expires now (`Max-Age=0`, past `Expires`). */
function storeCookie(jar: Map<string, string>, line: string): void {
  const [pair = '', ...attrs] = line.split(';');
  const eq = pair.indexOf('=');
  if (eq < 0) return;
  const name = pair.slice(0, eq).trim();
  const value = pair.slice(eq + 1).trim();
  const expired = attrs.some((a) => {
    const [k = '', v = ''] = a.trim().split('=');
    if (k.toLowerCase() === 'max-age') return Number(v) <= 0;
    if (k.toLowerCase() === 'expires') return Date.parse(v) <= Date.now();
    return false;
  });
  if (expired || value === '') jar.delete(name);
  else jar.set(name, value);
}

/** A form of one of our pages: its action, method and every named input's value (hidden ones included). */
export interface PageForm {
  action: string;
  method: string;
  fields: Record<string, string>;
}

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };
const unescape = (s: string): string => s.replace(/&(?:amp|lt|gt|quot|#39);/g, (e) => ENTITIES[e] ?? e);
const attr = (tag: string, name: string): string | null => {
  const m = new RegExp(`\\s${name}="([^"]*)"`).exec(tag);
  return m?.[1] === undefined ? null : unescape(m[1]);
};

/** The first `<form>` of a page (our pages have one), or throws. */
export function readForm(html: string): PageForm {
  const form = /<form\b[^>]*>([\s\S]*?)<\/form>/.exec(html);
  if (!form) throw new Error(`no form in page:\n${html.slice(0, 2000)}`);
  const tag = /<form\b[^>]*>/.exec(form[0])?.[0] ?? '';
  const fields: Record<string, string> = {};
  for (const input of (form[1] ?? '').match(/<input\b[^>]*>/g) ?? []) {
    const name = attr(input, 'name');
    if (name !== null) fields[name] = attr(input, 'value') ?? '';
  }
  return { action: attr(tag, 'action') ?? '', method: (attr(tag, 'method') ?? 'get').toLowerCase(), fields };
}

/** The text of the page's error message (`<p class="error">`), or null. */
export function pageError(html: string): string | null {
  const m = /<p class="error"[^>]*>([\s\S]*?)<\/p>/.exec(html);
  return m?.[1] === undefined ? null : unescape(m[1]);
}
