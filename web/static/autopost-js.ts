// SPDX-License-Identifier: UNLICENSED
/**
 * `/static/autopost.js`: submits the page's `<form id="autopost">` once the document is parsed (the
 * script is loaded with `defer`). The form's Continue button, inside `<noscript>`, covers browsers
 * without script. Uses the prototype's `submit` so that no form field can shadow it.
 */
export const AUTOPOST_JS = `'use strict';
(function () {
  var form = document.getElementById('autopost');
  if (form) HTMLFormElement.prototype.submit.call(form);
})();
`;
