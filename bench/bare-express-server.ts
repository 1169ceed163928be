// SPDX-License-Identifier: UNLICENSED
/**
 * The baseline the HTTP benchmarks compare against: express 5 with its JSON body parser and a handler
 * that does no work. Usage: node dist/bench/bare-express-server.js <port>
 */
import express from 'express';

const app = express();
app.post('/api/v1/verify', express.json(), (req, res) => {
  res.json({ ok: typeof (req.body as { code?: unknown }).code === 'string', reason: 'ok' });
});
app.get('/healthz', (_req, res) => {
  res.json({ status: 'ok' });
});
app.listen(Number(process.argv[2]), '127.0.0.1');
