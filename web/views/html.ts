// SPDX-License-Identifier: UNLICENSED
/**
 * Auto-escaping HTML templates. Every interpolated value is escaped unless it is itself the result of
 * `html` (or `unsafeRaw`); arrays are joined; `null`, `undefined` and `false` render as nothing.
 */

/** Markup that is already safe to insert. */
export interface SafeHtml {
  readonly html: string;
}

const SAFE = Symbol('safe-html');
type Tagged = SafeHtml & { readonly [SAFE]: true };

/** Escapes `& < > " '` for text and double- or single-quoted attribute values. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}
const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

function isSafe(value: unknown): value is Tagged {
  return typeof value === 'object' && value !== null && (value as Partial<Tagged>)[SAFE] === true;
}

function render(value: unknown): string {
  if (value === null || value === undefined || value === false) return '';
  if (isSafe(value)) return value.html;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}

/** The template tag: `html\`<p>${text}</p>\``. */
export function html(strings: TemplateStringsArray, ...values: unknown[]): SafeHtml {
  let out = strings[0] ?? '';
  for (let i = 0; i < values.length; i++) out += render(values[i]) + (strings[i + 1] ?? '');
  return { html: out, [SAFE]: true } as Tagged;
}

/** Marks trusted markup (never user input) as safe, e.g. a constant SVG. */
export function unsafeRaw(markup: string): SafeHtml {
  return { html: markup, [SAFE]: true } as Tagged;
}
