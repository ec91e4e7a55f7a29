/**
 * Test support for the end-to-end browser tests: headless Chromium (playwright-core, `/usr/bin/chromium`,
 * the flags of FINDINGS.md, a fresh profile), with every console error, page error and CSP violation kept.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

/** The Chromium the tests drive (override with KENOBI_CHROMIUM). */
export const chromiumPath = process.env.KENOBI_CHROMIUM ?? '/usr/bin/chromium';

/** True when that Chromium exists. */
export const hasChromium = existsSync(chromiumPath);

/** Launch flags that work on these machines (FINDINGS.md), WebGPU included (SwiftShader when no GPU). */
export const CHROMIUM_FLAGS = Object.freeze([
  '--headless=new', '--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--no-first-run', '--disable-quic', '--enable-unsafe-webgpu',
]);

/** A browser with a fresh profile. */
export interface Browser {
  readonly context: BrowserContext;
  close(): Promise<void>;
}

/**
 * Starts headless Chromium with a fresh `--user-data-dir` (playwright's persistent context).
 *
 * @example
 * ```ts
 * const browser = await launchChromium(); const page = await openPage(browser, url); await browser.close();
 * ```
 */
export async function launchChromium(): Promise<Browser> {
  const profile = await mkdtemp(join(tmpdir(), 'kenobi-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    headless: true,
    args: [...CHROMIUM_FLAGS],
    acceptDownloads: true,
    viewport: { width: 1200, height: 900 },
  });
  return {
    context,
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/** A page and what went wrong on it. */
export interface WatchedPage {
  readonly page: Page;
  /** console.error messages and uncaught page errors. */
  readonly errors: string[];
  /** Content-Security-Policy violations (directive and blocked URI). */
  csp(): Promise<string[]>;
}

/**
 * Opens `url` in a new page that records console errors, page errors and CSP violations.
 *
 * @example
 * ```ts
 * const { page, errors, csp } = await openPage(browser, `${server.url}?device=wasm`);
 * expect(errors).to.deep.equal([]); expect(await csp()).to.deep.equal([]);
 * ```
 */
export async function openPage(browser: Browser, url: string): Promise<WatchedPage> {
  const page = await browser.context.newPage();
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console.error: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
  // NOTE: init scripts come from the browser's own protocol, not the page, so the page's CSP does not apply.
  await page.addInitScript(() => {
    const seen: string[] = [];
    (globalThis as unknown as { __cspViolations: string[] }).__cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.violatedDirective} blocked ${e.blockedURI}`));
  });
  await page.goto(url);
  return { page, errors, csp: () => page.evaluate(() => (globalThis as unknown as { __cspViolations: string[] }).__cspViolations ?? []) };
}
