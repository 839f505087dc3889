// CORS is closed unless origins are configured: the dashboard is served by the collector itself
// (same origin), so no browser elsewhere needs to read the API by default.
import type { RequestHandler } from 'express';

export function corsMiddleware(allowedOrigins: readonly string[]): RequestHandler {
  const allowed = new Set(allowedOrigins);
  return (req, res, next) => {
    const origin = req.headers.origin;
    if (origin && allowed.has(origin)) {
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Access-Control-Allow-Credentials', 'true');
      res.setHeader('Vary', 'Origin');
      if (req.method === 'OPTIONS') {
        res.setHeader('Access-Control-Allow-Methods', 'GET, POST, PUT, DELETE');
        res.setHeader('Access-Control-Allow-Headers', 'content-type, content-encoding, authorization, x-burnrate-key');
        res.status(204).end();
        return;
      }
    }
    next();
  };
}
