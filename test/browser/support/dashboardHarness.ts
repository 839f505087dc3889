// A collector with the real modules and the freshly built dashboard, plus a headless Chromium:
// what each browser test file starts in its beforeAll.
import express, { Router } from 'express';
import { mkdirSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { CollectorModule } from '../../../collector/src/collectorModule';
import { DEFAULT_MODULES } from '../../../collector/src/modules';
import { startCollector, type RunningCollector } from '../../support/collector';
import { buildDashboard } from './dashboardBuild';

export const SCREENSHOTS = 'test-output/screenshots';

function servedFrom(dir: string): CollectorModule {
  return { name: 'dashboard-under-test', router: () => Router().use(express.static(dir)) };
}

export interface Harness {
  collector: RunningCollector;
  browser: Browser;
  page: Page;
  /** Opens a view (hash such as '#/spend?range=7d') and waits for the app to render it (or the sign-in). */
  open(hash: string): Promise<void>;
  api<T>(path: string): Promise<T>;
  screenshot(name: string): Promise<void>;
  stop(): Promise<void>;
}

/** `env`: the collector's configuration beyond the defaults (BURNRATE_AUTH: 'on', …). */
export async function startHarness(env: Record<string, string> = {}): Promise<Harness> {
  const dist = await buildDashboard();
  const withDashboard = await startCollector({ BURNRATE_SERVE_DASHBOARD: 'false', ...env }, [...DEFAULT_MODULES, servedFrom(dist)]);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
  });
  const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  // The collector's Content-Security-Policy must never block the dashboard's own code.
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) errors.push(message.text());
  });
  mkdirSync(SCREENSHOTS, { recursive: true });
  return {
    collector: withDashboard,
    browser,
    page,
    open: async (hash) => {
      await page.goto(`${withDashboard.url}/${hash}`);
      await page.waitForSelector('main[data-screen]');
      if (errors.length > 0) throw new Error(`page errors: ${errors.join('; ')}`);
    },
    api: async <T>(path: string) => {
      const res = await fetch(`${withDashboard.url}${path}`);
      if (!res.ok) throw new Error(`${path} answered ${res.status}: ${await res.text()}`);
      return (await res.json()) as T;
    },
    screenshot: async (name) => {
      await page.screenshot({ path: `${SCREENSHOTS}/${name}.png`, fullPage: true });
    },
    stop: async () => {
      await browser.close();
      await withDashboard.stop();
    },
  };
}
