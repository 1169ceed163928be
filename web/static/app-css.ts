// SPDX-License-Identifier: UNLICENSED
/**
 * `/static/app.css`: the one stylesheet of every page. Plain CSS that renders the same in Office's
 * embedded web views (WebView2, WKWebView) as in browsers; system fonts only, nothing fetched.
 */
export const APP_CSS = `*,*::before,*::after{box-sizing:border-box}
html{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;font-size:16px;line-height:1.5;color:#1b1b1b;background:#f3f3f3}
body{margin:0;padding:2rem 1rem}
main.card{max-width:26rem;margin:0 auto;padding:2rem;background:#fff;border:1px solid #d6d6d6;border-radius:6px}
h1{font-size:1.5rem;font-weight:600;margin:0 0 1rem}
p{margin:0 0 1rem}
.purpose{color:#505050}
.account{font-weight:600;word-break:break-all}
.error{padding:.75rem;border-left:4px solid #c50f1f;background:#fdf3f4;color:#7a0a14}
.detail{font-family:ui-monospace,Consolas,monospace;font-size:.875rem;word-break:break-word;color:#505050}
label{display:block;font-weight:600;margin:0 0 .25rem}
input[type=text],input[type=email],input[type=password]{display:block;width:100%;padding:.6rem .75rem;margin:0 0 1rem;font:inherit;border:1px solid #8a8a8a;border-radius:4px}
input[readonly]{background:#f3f3f3;border-color:#d6d6d6}
input:focus,button:focus{outline:2px solid #0f6cbd;outline-offset:1px}
button{display:inline-block;min-width:7rem;padding:.6rem 1.25rem;font:inherit;font-weight:600;color:#fff;background:#0f6cbd;border:0;border-radius:4px;cursor:pointer}
button:hover{background:#115ea3}
.muted{color:#616161;font-size:.875rem}
`;
