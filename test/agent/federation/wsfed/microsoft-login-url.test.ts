// SPDX-License-Identifier: UNLICENSED
import { describe, expect, it } from 'vitest';
import { microsoftLoginUrl } from '../../../../agent/federation/wsfed/microsoft-login-url.js';

describe('microsoftLoginUrl', () => {
  it.each([
    ['https://login.microsoftonline.com/login.srf', 'https://login.microsoftonline.com/login.srf'],
    ['https://login.microsoftonline.us/logout.srf?a=b', 'https://login.microsoftonline.us/logout.srf?a=b'],
    ['https://login.partner.microsoftonline.cn/', 'https://login.partner.microsoftonline.cn/'],
    ['https://login.live.com', 'https://login.live.com/'],
    ['HTTPS://Login.MicrosoftOnline.com:443\\login.srf', 'https://login.microsoftonline.com/login.srf'],
  ])('accepts %s as %s', (input, href) => {
    expect(microsoftLoginUrl(input)).toBe(href);
  });

  it.each([
    'http://login.microsoftonline.com/login.srf',
    'https://login.microsoftonline.com:8443/login.srf',
    'https://login.microsoftonline.com./login.srf',
    'https://evil.login.microsoftonline.com/',
    'https://login.microsoftonline.com.evil.example/',
    'https://user@login.microsoftonline.com/',
    'https://login.microsoftonline.com@evil.example/',
    'https://login.windows.net/',
    'javascript:alert(1)',
    '/login.srf',
    '',
  ])('refuses %s', (input) => {
    expect(microsoftLoginUrl(input)).toBeNull();
  });
});
