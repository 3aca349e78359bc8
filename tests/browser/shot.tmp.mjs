import { chromium } from 'playwright-core';
const [base, path, out, w, h, full] = process.argv.slice(2);
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--headless'] });
const c = await b.newContext({ baseURL: base, viewport: { width: +w, height: +h }, locale: 'sv-SE' });
const p = await c.newPage();
await p.goto(path);
await p.screenshot({ path: out, fullPage: full === '1' });
await b.close();
