import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer from 'puppeteer-core';
import { build } from 'vite';
import { ENDPOINT_TOKEN, startReportEndpoint } from '../e2e/support/report-endpoint.js';
import { type BrowserName, startSession } from '../e2e/support/sessions.js';
import { chromiumPath } from '../e2e/support/system-browsers.js';
import { startTestSite } from '../e2e/support/test-site.js';
import { type BenchRow, median } from './report.js';

/**
 * Issue 4's figures: the cost of recording a breach (the extension's IndexedDB store against a bare
 * idb put, in real Chromium), the time from navigation to the block page against an allowed page,
 * and from a breach to its receipt by a reporting server on loopback.
 */
export async function breachRecordingBench(): Promise<BenchRow[]> {
  return [...(await storeWriteBench()), ...(await navigationBench('chromium')), ...(await navigationBench('firefox'))];
}

async function storeWriteBench(): Promise<BenchRow[]> {
  const outDir = mkdtempSync(join(tmpdir(), 'safescreen-bench-'));
  await build({
    configFile: false,
    logLevel: 'silent',
    build: { outDir, emptyOutDir: true, lib: { entry: 'test/bench/breach-store-page.ts', formats: ['es'], fileName: 'bench' } },
  });
  const script = readFileSync(join(outDir, 'bench.js'), 'utf8');
  rmSync(outDir, { recursive: true, force: true });
  const server = createServer((request, response) => {
    response.writeHead(200, { 'content-type': request.url === '/bench.js' ? 'text/javascript' : 'text/html' });
    response.end(request.url === '/bench.js' ? script : '<!doctype html><script type="module" src="/bench.js"></script>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const browser = await puppeteer.launch({ executablePath: chromiumPath(), headless: true, args: ['--no-sandbox', '--disable-gpu'] });
  try {
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    await page.waitForFunction('typeof runBreachStoreBench === "function"');
    const { candidate, baseline } = (await page.evaluate('runBreachStoreBench(1000, 6)')) as { candidate: number[]; baseline: number[] };
    const c = median(candidate);
    const b = median(baseline);
    return [
      {
        name: 'record one breach (IndexedDB, Chromium)',
        candidate: `${c.toFixed(3)} ms`,
        baseline: `${b.toFixed(3)} ms (bare idb put)`,
        ratio: c / b,
        target: '≤ 2',
      },
    ];
  } finally {
    await browser.close();
    server.close();
  }
}

async function navigationBench(browserName: BrowserName): Promise<BenchRow[]> {
  const site = await startTestSite();
  const endpoint = await startReportEndpoint();
  const session = await startSession(browserName, site, { schoolId: 'bench', reportingUrl: endpoint.url, enrollmentToken: ENDPOINT_TOKEN });
  const blocked: number[] = [];
  const allowed: number[] = [];
  const receipt: number[] = [];
  try {
    for (let n = 0; n < 8; n++) {
      let started = performance.now();
      const ok = await session.visit(site.url(`allowed-${n}.test`));
      allowed.push(performance.now() - started);
      await ok.page.close();
      const before = endpoint.stored.size;
      started = performance.now();
      const visit = await session.visit(site.url(`bench-${n}.gambling-sample.test`));
      blocked.push(performance.now() - started);
      await visit.page.close();
      await endpoint.waitForStored(before + 1, 30_000);
      receipt.push(performance.now() - started);
    }
  } finally {
    await session.close();
    await endpoint.close();
    await site.close();
  }
  return [
    {
      name: `navigation → block page shown (${browserName})`,
      candidate: `${median(blocked).toFixed(0)} ms`,
      baseline: `${median(allowed).toFixed(0)} ms (allowed page)`,
      ratio: median(blocked) / median(allowed),
      target: 'report',
    },
    {
      name: `breach → server receipt (${browserName})`,
      candidate: `${median(receipt).toFixed(0)} ms`,
      baseline: '3000 ms counting window',
      ratio: median(receipt) / 3000,
      target: 'report',
    },
  ];
}
