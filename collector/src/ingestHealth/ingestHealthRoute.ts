// GET /api/v1/ingest-health: the dashboard's ingest-health panel.
import { Router } from 'express';
import { allow } from '../auth/policy';
import type { IngestHealth } from './ingestHealth';

export function ingestHealthRouter(health: IngestHealth): Router {
  const router = Router();
  router.get('/api/v1/ingest-health', allow('organisation'), (_req, res) => {
    res.json(health.snapshot());
  });
  return router;
}
