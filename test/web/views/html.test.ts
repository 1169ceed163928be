// SPDX-License-Identifier: UNLICENSED
import { describe, expect, test } from 'vitest';
import { escapeHtml, html, unsafeRaw } from '../../../web/views/html.js';

describe('html', () => {
  test('escapes every interpolated string, in text and in attributes', () => {
    const evil = `"><script>alert('x')</script>&`;
    expect(html`<input value="${evil}"><p>${evil}</p>`.html)
      .toBe('<input value="&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;"><p>&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;</p>');
  });

  test('nests templates, joins arrays and drops null, undefined and false', () => {
    const items = ['a<b', 'c'].map((x) => html`<li>${x}</li>`);
    expect(html`<ul>${items}</ul>${null}${undefined}${false}${0}`.html).toBe('<ul><li>a&lt;b</li><li>c</li></ul>0');
  });

  test('passes only its own results: an object that looks safe is still escaped', () => {
    const forged = { html: '<b>x</b>' };
    expect(html`${forged}`.html).toBe('[object Object]');
    expect(html`${unsafeRaw('<b>x</b>')}`.html).toBe('<b>x</b>');
    expect(escapeHtml(`&<>"'`)).toBe('&amp;&lt;&gt;&quot;&#39;');
  });
});
