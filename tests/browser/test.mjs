// Browser tests for samverkan in Debian's Chromium, driven by playwright-core:
//  - axe-core finds no WCAG 2.0/2.1 A or AA violations on the register, an organisation page,
//    the login page and the edit form (also with search, filters and validation errors shown);
//  - the skip link is the first thing Tab reaches and moves focus to <main>;
//  - a representative can log in and edit their organisation with the keyboard alone;
//  - with JavaScript turned off, logging in and editing still work (plain HTML forms);
//  - issue 11: axe on the municipality's profile, committees, departments, districts, aliases, staff
//    invitations, unclassified organisations, addresses and the organisation-number request; then,
//    on a fresh database (init --municipality, no demo), a keyboard-only set-up of the municipality,
//    from the "Kom igång" checklist to an official's first dialogue, with no trace of the demo.
// Run through run.sh (make check-browser): SAMVERKAN=build/samverkan sh tests/browser/run.sh
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, openSync, readFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

const SAMVERKAN = process.env.SAMVERKAN;
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const REP_EMAIL = 'foretradare@exempel.se';
const PASSWORD = 'samverkan-demo';
const ORG = 1; // the representative represents organisations 1 and 2
// The demo's tests and the fresh set-up; on two cores shared with other builds a run has taken 8 minutes.
const TOTAL_TIMEOUT_MS = 1_800_000;
const STEP_TIMEOUT_MS = 15_000;

if (!SAMVERKAN || !existsSync(SAMVERKAN)) {
	console.error(`browser: SAMVERKAN must name the samverkan binary (got '${SAMVERKAN ?? ''}')`);
	process.exit(2);
}

let server = null;
let browser = null;
let tmp = null;
let passed = 0;
let failed = 0;

function killServer(signal) {
	if (server && server.exitCode === null && server.signalCode === null) server.kill(signal);
}
process.on('exit', () => killServer('SIGKILL'));

// Everything has a time limit: one stuck step must not hang `make check`.
const watchdog = setTimeout(() => {
	console.error(`browser: FAIL: the whole run took longer than ${TOTAL_TIMEOUT_MS / 1000} s; stopping`);
	killServer('SIGKILL');
	console.log(`browser: ${passed} passed, ${failed + 1} failed`);
	process.exit(1); // Playwright closes the browser it launched when this process exits.
}, TOTAL_TIMEOUT_MS);

function freePort() {
	return new Promise((resolve, reject) => {
		const s = createServer();
		s.unref();
		s.on('error', reject);
		s.listen(0, '127.0.0.1', () => {
			const { port } = s.address();
			s.close(() => resolve(port));
		});
	});
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function startServer(db, port, log) {
	const out = openSync(log, 'a');
	server = spawn(
		SAMVERKAN,
		['serve', '--db', db, '--port', String(port), '--threads', '2', '--access-log', join(tmp, 'access.log')],
		{ stdio: ['ignore', out, out] },
	);
	const base = `http://127.0.0.1:${port}`;
	for (let i = 0; i < 100; i++) {
		if (server.exitCode !== null || server.signalCode !== null)
			throw new Error(`samverkan serve exited (${server.exitCode ?? server.signalCode}):\n${readFileSync(log, 'utf8')}`);
		try {
			const res = await fetch(base + '/');
			if (res.ok) return base;
		} catch {
			/* not listening yet */
		}
		await sleep(100);
	}
	throw new Error(`samverkan serve did not answer on ${base} within 10 s`);
}

async function stopServer() {
	if (!server || server.exitCode !== null || server.signalCode !== null) return;
	const exited = new Promise((r) => server.once('exit', r));
	server.kill('SIGTERM');
	if ((await Promise.race([exited.then(() => true), sleep(6000).then(() => false)])) === false) {
		console.error('browser: samverkan serve did not stop within 6 s of SIGTERM; killing it');
		server.kill('SIGKILL');
		await exited;
	}
}

// ---- helpers -----------------------------------------------------------------------------------

function formatViolations(violations) {
	const lines = [];
	for (const v of violations) {
		lines.push(`  [${v.impact}] ${v.id}: ${v.help}`);
		lines.push(`      ${v.helpUrl}`);
		for (const n of v.nodes) {
			lines.push(`      at ${JSON.stringify(n.target)}`);
			lines.push(`         ${n.html.replace(/\s+/g, ' ').slice(0, 300)}`);
			for (const s of (n.failureSummary || '').split('\n')) if (s.trim()) lines.push(`         ${s.trim()}`);
		}
	}
	return lines.join('\n');
}

async function axeRun(page) {
	if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.addScriptTag({ content: axeSource });
	const results = await page.evaluate(
		(tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }),
		WCAG_TAGS,
	);
	if (results.violations.length) {
		const n = results.violations.reduce((s, v) => s + v.nodes.length, 0);
		throw new Error(
			`${results.violations.length} axe violation(s) on ${n} element(s) at ${page.url()} ` +
				`(${page.viewportSize().width} px wide)\n` + formatViolations(results.violations),
		);
	}
}

// The two widths every checked page is seen at (issue 12): a phone and a desktop.
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 720 };

// Nothing overflows at the current width: the page is no wider than the window; no form is wider
// than its box; no table is wider than its container. A table fits at 40em and below because its
// cells name their columns (data-label) and it reflows into a labelled block per row; at a
// desktop's width it fits as a table. (The .table-wrap's scroll cue, a shadow at the edge, stays
// for what a test cannot foresee, such as one very long word; it is not a way to pass here.)
async function layoutCheck(page) {
	const problems = await page.evaluate(() => {
		const out = [];
		const narrow = window.matchMedia('(max-width: 40em)').matches;
		const de = document.documentElement;
		if (de.scrollWidth > window.innerWidth) out.push(`the page is ${de.scrollWidth} px wide in ${window.innerWidth} px`);
		const name = (el) => (el.querySelector('caption')?.textContent || el.id || el.className || el.tagName).trim().slice(0, 60);
		for (const w of document.querySelectorAll('.table-wrap')) {
			if (w.scrollWidth <= w.clientWidth) continue;
			const labelled = !!w.querySelector('td[data-label]');
			out.push(`table "${name(w)}" needs ${w.scrollWidth} px in ${w.clientWidth} px` +
				(narrow && !labelled ? ' (its cells have no data-label, so it cannot reflow)' : ''));
		}
		for (const t of document.querySelectorAll('table')) {
			if (t.closest('.table-wrap')) continue;
			const p = t.parentElement;
			if (t.getBoundingClientRect().width > p.clientWidth + 1) out.push(`table "${name(t)}" is wider than its container`);
		}
		for (const c of document.querySelectorAll('input[type="radio"], input[type="checkbox"]')) {
			const b = c.getBoundingClientRect();
			if (b.width && (b.width < 24 || b.height < 24))
				out.push(`${c.type} #${c.id} is ${b.width}×${b.height} px, less than 24×24`);
		}
		for (const f of document.querySelectorAll('form')) {
			if (getComputedStyle(f).display.startsWith('inline') || f.clientWidth === 0) continue;
			if (f.scrollWidth > f.clientWidth)
				out.push(`form ${f.getAttribute('action') || ''} needs ${f.scrollWidth} px in ${f.clientWidth} px`);
		}
		return out;
	});
	if (problems.length)
		throw new Error(`overflow at ${page.url()} (${page.viewportSize().width} px wide):\n  ${problems.join('\n  ')}`);
}

// After a refused submit the error summary has the focus (its autofocus attribute: no script).
async function assertSummaryFocused(page, what = page.url()) {
	try {
		await page.waitForFunction(() => document.activeElement?.matches('.error-summary'), null, { timeout: 3000 });
	} catch {
		const a = await page.evaluate(() => {
			const e = document.activeElement;
			return e ? `${e.tagName.toLowerCase()}${e.id ? '#' + e.id : ''}` : 'nothing';
		});
		throw new Error(`after the refused submit of ${what} the focus is on ${a}, not the error summary`);
	}
	const n = await page.locator('[autofocus]').count();
	if (n !== 1) throw new Error(`${what}: ${n} elements carry autofocus, expected only the error summary`);
}

// axe and the overflow check at a phone's width and at a desktop's, ending at the desktop's. A page
// with an error summary must have given it the focus.
async function axeCheck(page) {
	if ((await page.locator('.error-summary').count()) > 0) await assertSummaryFocused(page);
	for (const size of [PHONE, DESKTOP]) {
		await page.setViewportSize(size);
		await layoutCheck(page);
		await axeRun(page);
	}
}

async function goto(page, path, expectStatus = 200) {
	const res = await page.goto(path);
	if (!res) throw new Error(`no response for ${path}`);
	if (res.status() !== expectStatus) throw new Error(`GET ${path}: status ${res.status()}, expected ${expectStatus}`);
	return res;
}

// The submit button of the form that holds a given field (not the log-out button in the header).
const submitOf = (field) => `form:has(${field}) button[type=submit], form:has(${field}) input[type=submit]`;

async function clickAndWait(page, selector) {
	const [res] = await Promise.all([page.waitForNavigation(), page.locator(selector).first().click()]);
	return res;
}

// Submits the form holding `field`, which must come back refused (422) with each of `invalid` marked.
async function submitRefused(page, field, invalid, what = 'the form') {
	const res = await clickAndWait(page, submitOf(field));
	if (!res || res.status() !== 422) throw new Error(`${what} answered ${res ? res.status() : 'nothing'}, expected 422`);
	for (const f of invalid)
		if ((await page.locator(`${f}[aria-invalid="true"]`).count()) === 0) throw new Error(`${f} is not marked aria-invalid`);
}

async function login(page, email = REP_EMAIL, password = PASSWORD) {
	await goto(page, '/logga-in');
	await page.fill('#email', email);
	await page.fill('#password', password);
	const res = await clickAndWait(page, submitOf('#password'));
	await assertLoggedIn(page, res);
}

async function assertLoggedIn(page, res) {
	if (!res || res.status() >= 400)
		throw new Error(`logging in answered ${res ? res.status() : 'nothing'} at ${page.url()}`);
	if (new URL(page.url()).pathname === '/logga-in') throw new Error('still on /logga-in after logging in');
	if ((await page.locator('form[action="/logga-ut"]').count()) === 0)
		throw new Error(`no log-out form after logging in (at ${page.url()})`);
}

async function activeInfo(page) {
	return page.evaluate(() => {
		const a = document.activeElement;
		if (!a || a === document.body) return { desc: 'body' };
		const id = a.id ? `#${a.id}` : '';
		const cls = a.className && typeof a.className === 'string' ? '.' + a.className.trim().split(/\s+/).join('.') : '';
		return { desc: `${a.tagName.toLowerCase()}${id}${cls}`, id: a.id, inMain: !!a.closest('main') };
	});
}

// Press Tab (only Tab) until the focused element matches the selector; returns the number of presses.
async function tabTo(page, selector, max = 150) {
	const seen = [];
	for (let i = 1; i <= max; i++) {
		await page.keyboard.press('Tab');
		if (await page.evaluate((sel) => document.activeElement?.matches(sel) ?? false, selector)) return i;
		seen.push((await activeInfo(page)).desc);
	}
	throw new Error(`Tab never reached ${selector} in ${max} presses; focus went: ${seen.slice(0, 40).join(' → ')}`);
}

async function pageText(page) {
	// Server-rendered HTML, so textarea contents count too.
	return page.content();
}

// ---- the tests ---------------------------------------------------------------------------------

const tests = [];
const test = (name, fn) => tests.push({ name, fn });

let base;
let dbPath; // the database the server runs on: the demo's, then a fresh one

let locale; // the browser's language: Playwright's en-US, then Swedish for the fresh municipality

async function withContext(options, fn) {
	const context = await browser.newContext({ baseURL: base, ...(locale ? { locale } : {}), ...options });
	context.setDefaultTimeout(STEP_TIMEOUT_MS);
	context.setDefaultNavigationTimeout(STEP_TIMEOUT_MS);
	try {
		const page = await context.newPage();
		return await fn(page, context);
	} finally {
		await context.close();
	}
}
// axe is injected as a script, which the site's Content-Security-Policy (rightly) forbids: the
// axe contexts bypass CSP; the keyboard and no-JavaScript contexts do not.
const withAxe = (fn) => withContext({ bypassCSP: true }, fn);

test('axe: start page', () => withAxe(async (page) => { await goto(page, '/'); await axeCheck(page); }));

test('axe: register /organisationer', () =>
	withAxe(async (page) => { await goto(page, '/organisationer'); await axeCheck(page); }));

test('axe: register with a search', () =>
	withAxe(async (page) => {
		await goto(page, '/organisationer?q=' + encodeURIComponent('föreningar'));
		await axeCheck(page);
	}));

test('axe: register with filters chosen in its form', () =>
	withAxe(async (page) => {
		await goto(page, '/organisationer');
		// Choose the first real value of the category and district filters, whatever control they are.
		const chosen = [];
		for (const name of ['category', 'district']) {
			const control = page.locator(`main [name="${name}"]`).first();
			if ((await control.count()) === 0) throw new Error(`no '${name}' filter control on /organisationer`);
			const tag = await control.evaluate((el) => el.tagName.toLowerCase());
			if (tag === 'select') {
				const value = await control.evaluate((el) => [...el.options].find((o) => o.value)?.value);
				if (!value) throw new Error(`the '${name}' filter has no options`);
				await control.selectOption(value);
			} else {
				await control.check();
			}
			chosen.push(name);
		}
		await clickAndWait(page, submitOf('[name="category"]'));
		const url = new URL(page.url());
		for (const name of chosen)
			if (!url.searchParams.get(name)) throw new Error(`filter '${name}' not in the URL after submitting: ${url}`);
		await axeCheck(page);
		// And a search with a filter and a page number, as a shared link would have it.
		await goto(page, `/organisationer?q=${encodeURIComponent('förening')}&category=icnpo1&page=2`);
		await axeCheck(page);
	}));

test('axe: organisation page', () =>
	withAxe(async (page) => { await goto(page, `/organisationer/${ORG}`); await axeCheck(page); }));

test('axe: login page', () => withAxe(async (page) => { await goto(page, '/logga-in'); await axeCheck(page); }));

test('axe: login page with errors (submitted empty)', () =>
	withAxe(async (page) => {
		await goto(page, '/logga-in');
		await clickAndWait(page, submitOf('#password'));
		if ((await page.locator('[aria-invalid="true"]').count()) === 0)
			throw new Error('submitting the empty login form showed no field marked aria-invalid');
		await axeCheck(page);
	}));

test(`axe: edit form /organisationer/${ORG}/redigera (representative)`, () =>
	withAxe(async (page) => {
		await login(page);
		await goto(page, `/organisationer/${ORG}/redigera`);
		for (const f of ['#name', '#description'])
			if ((await page.locator(f).count()) === 0) throw new Error(`no ${f} field on the edit form`);
		await axeCheck(page);
	}));

test('axe: edit form with validation errors (name cleared)', () =>
	withAxe(async (page) => {
		await login(page);
		await goto(page, `/organisationer/${ORG}/redigera`);
		await page.fill('#name', '');
		const res = await clickAndWait(page, submitOf('#name'));
		if (res && res.status() < 400) throw new Error(`saving an empty name answered ${res.status()}, expected 4xx`);
		if ((await page.locator('#name[aria-invalid="true"]').count()) === 0)
			throw new Error('the cleared name field is not marked aria-invalid');
		if ((await page.locator('.error-summary, [role="alert"]').count()) === 0)
			throw new Error('no error summary after submitting an empty name');
		await axeCheck(page);
	}));

test('skip link is the first focusable element and moves focus to main', () =>
	withContext({}, async (page) => {
		for (const path of ['/', '/organisationer', '/logga-in']) {
			await goto(page, path);
			await page.keyboard.press('Tab');
			const first = await page.evaluate(() => {
				const a = document.activeElement;
				const r = a.getBoundingClientRect();
				return { tag: a.tagName, href: a.getAttribute('href'), visible: r.width > 1 && r.height > 1 };
			});
			if (first.tag !== 'A' || first.href !== '#main')
				throw new Error(`${path}: first Tab focused ${first.tag} href=${first.href}, not the skip link to #main`);
			if (!first.visible) throw new Error(`${path}: the skip link is not visible when it has focus`);
			await page.keyboard.press('Enter');
			const after = await activeInfo(page);
			if (after.id !== 'main') throw new Error(`${path}: after Enter on the skip link focus is on ${after.desc}, not main`);
			await page.keyboard.press('Tab');
			const next = await activeInfo(page);
			if (!next.inMain) throw new Error(`${path}: Tab after the skip link went to ${next.desc}, outside main`);
		}
	}));

test('keyboard only: log in and edit the description', () =>
	withContext({}, async (page) => {
		const description = `Ändrad med tangentbordet ${Date.now()}: öppet hus varje tisdag.`;
		await goto(page, '/logga-in');
		// From here on: page.keyboard only, no clicks and no fill().
		await tabTo(page, 'a[href="#main"]', 1);
		await page.keyboard.press('Enter');
		await tabTo(page, '#email', 20);
		await page.keyboard.type(REP_EMAIL);
		await page.keyboard.press('Tab');
		if ((await activeInfo(page)).id !== 'password')
			throw new Error(`Tab from #email went to ${(await activeInfo(page)).desc}, not #password`);
		await page.keyboard.type(PASSWORD);
		let [res] = await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
		await assertLoggedIn(page, res);

		await goto(page, `/organisationer/${ORG}/redigera`);
		await tabTo(page, '#description');
		await page.keyboard.press('Control+A');
		await page.keyboard.press('Delete');
		await page.keyboard.type(description);
		// On to the form's own submit button (not the log-out button), then Space to press it.
		const presses = await tabTo(page, submitOf('#description'));
		[res] = await Promise.all([page.waitForNavigation(), page.keyboard.press('Space')]);
		if (!res || res.status() >= 400)
			throw new Error(`saving answered ${res ? res.status() : 'nothing'} at ${page.url()} (submit reached in ${presses} Tabs)`);
		if (!(await pageText(page)).includes(description))
			throw new Error(`the page after saving (${page.url()}) does not show the new description`);
		await goto(page, `/organisationer/${ORG}`);
		if (!(await pageText(page)).includes(description))
			throw new Error(`/organisationer/${ORG} does not show the new description`);
	}));

test('keyboard only: Enter on the submit button saves', () =>
	withContext({}, async (page) => {
		await goto(page, '/logga-in');
		await tabTo(page, '#email', 30);
		await page.keyboard.type(REP_EMAIL);
		await page.keyboard.press('Tab');
		await page.keyboard.type(PASSWORD);
		let [res] = await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
		await assertLoggedIn(page, res);
		await goto(page, `/organisationer/${ORG}/redigera`);
		await tabTo(page, '#description');
		const description = `Sparad med Enter ${Date.now()}`;
		await page.keyboard.press('Control+A');
		await page.keyboard.type(description);
		await tabTo(page, submitOf('#description'));
		[res] = await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
		if (!res || res.status() >= 400) throw new Error(`saving answered ${res ? res.status() : 'nothing'}`);
		await goto(page, `/organisationer/${ORG}`);
		if (!(await pageText(page)).includes(description))
			throw new Error(`/organisationer/${ORG} does not show the description saved with Enter`);
	}));

test('without JavaScript: log in and edit', () =>
	withContext({ javaScriptEnabled: false }, async (page) => {
		await login(page);
		await goto(page, `/organisationer/${ORG}/redigera`);
		const description = `Ändrad utan JavaScript ${Date.now()}`;
		await page.fill('#description', description);
		const res = await clickAndWait(page, submitOf('#description'));
		if (!res || res.status() >= 400) throw new Error(`saving answered ${res ? res.status() : 'nothing'}`);
		await goto(page, `/organisationer/${ORG}`);
		if (!(await pageText(page)).includes(description))
			throw new Error(`/organisationer/${ORG} does not show the description saved without JavaScript`);
		// And a validation error comes back without JavaScript too, with what was typed kept.
		await goto(page, `/organisationer/${ORG}/redigera`);
		await page.fill('#name', '');
		await page.fill('#description', 'behålls');
		await clickAndWait(page, submitOf('#name'));
		if ((await page.locator('#name[aria-invalid="true"]').count()) === 0)
			throw new Error('no field error for the empty name without JavaScript');
		if ((await page.inputValue('#description')) !== 'behålls')
			throw new Error('the typed description was lost when the form came back with an error');
	}));

// ---- sign-up, forgotten password, my account (issue 4: accounts) -------------------------------
// Until mail delivery is part of these tests, the one-time link is read from the outbox table, the
// row every message is before it is sent.

// The token of the newest link to `path` queued for `email` (sqlite3 on the test database).
// The pages of representation, notifications and administration, each as the role that uses it.
// __OPEN__, __PUBLISHED__ and __OFFICIAL__ in a path stand for the demo's open dialogue, a published
// submission and its official; __COMMITTEE__, __DEPARTMENT__ and __DISTRICT__ for one in use of each.
const axePagesAs = (email, paths) =>
	paths.map((path) =>
		test(`axe: ${path} (${email.split('@')[0]})`, () =>
			withAxe(async (page) => {
				await login(page, email);
				const real = path.replace('__OPEN__', () => openDialogue()).replace('__PUBLISHED__', () => publishedSubmission())
					.replace('__OFFICIAL__', () => demoOfficial())
					.replace('__COMMITTEE__', () => sqlValue('SELECT id FROM committee WHERE retired_at IS NULL ORDER BY id LIMIT 1'))
					.replace('__DEPARTMENT__', () => sqlValue('SELECT id FROM department WHERE retired_at IS NULL ORDER BY id LIMIT 1'))
					.replace('__DISTRICT__', () => sqlValue('SELECT code FROM district WHERE retired_at IS NULL ORDER BY sort, code LIMIT 1'));
				await goto(page, real);
				await axeCheck(page);
			})));
axePagesAs(REP_EMAIL, ['/konto/notiser', '/konto/aviseringar', `/organisationer/${ORG}/foretradare/lamna`,
	'/organisationer/3']);
axePagesAs('samordnare@exempel.se', [`/organisationer/${ORG}/foretradare`, '/admin/konton', '/admin/logg']);
axePagesAs('admin@exempel.se', ['/admin', '/admin/konton/1', '/admin/utskick']);

// ---- issue 12: focus on the error summary after every refused submit ------------------------------
// Every form that can be sent empty or with a bad value: the answer must put the focus on the error
// summary (its autofocus; the site has no script). `as` signs in first (null: nobody); `field` is
// a field of the form to send; `fill` what is typed first; a path alone is a GET form refused as such.
const REFUSED_FORMS = [
	{ as: null, path: '/logga-in', field: '#password' },
	{ as: null, path: '/konto/ny', field: '#password' },
	{ as: null, path: '/konto/glomt-losenord', field: '#email' },
	{ as: null, path: '/statistik/aterkoppling?from=2026-12-31&to=2026-01-01' },
	{ as: REP_EMAIL, path: `/organisationer/${ORG}/redigera`, field: '#name', fill: [['#name', '']] },
	{ as: REP_EMAIL, path: `/organisationer/${ORG}/organisationsnummer`, field: '#reason' },
	{ as: REP_EMAIL, path: '/synpunkter/ny', field: '#title' },
	{ as: REP_EMAIL, path: '/konto', field: '#new_password' },
	{ as: REP_EMAIL, path: '/konto', field: '#email_password', fill: [['#new_email', 'fel']] },
	{ as: REP_EMAIL, path: '/konto/ta-bort', field: '#password' },
	{ as: 'tjansteperson@exempel.se', path: '/organisationer/ny', field: '#name' },
	{ as: 'tjansteperson@exempel.se', path: '/dialoger/ny', field: '#title' },
	{ as: 'tjansteperson@exempel.se', path: '/dialoger/__OPEN__/redigera', field: '#title', fill: [['#title', '']] },
	{ as: 'samordnare@exempel.se', path: '/dialoger/__CLOSED__/aterkoppling', field: '#report_heard' },
	{ as: 'samordnare@exempel.se', path: `/organisationer/${ORG}/foretradare`, field: '#invite_email', fill: [['#invite_email', 'fel']] },
	{ as: 'samordnare@exempel.se', path: `/organisationer/${ORG}/foretradare`, field: '#assign_email', fill: [['#assign_email', 'fel']] },
	{ as: 'samordnare@exempel.se', path: '/admin/personuppgifter?e-post=inte-en-adress' },
	{ as: 'admin@exempel.se', path: '/admin/kommun', field: '#email', fill: [['#email', 'fel']] },
	{ as: 'admin@exempel.se', path: '/admin/konton/bjud-in', field: '#email', fill: [['#email', 'fel']] },
	{ as: 'admin@exempel.se', path: '/admin/namnder', field: '#code' },
	{ as: 'admin@exempel.se', path: '/admin/forvaltningar', field: '#code' },
	{ as: 'admin@exempel.se', path: '/admin/omraden', field: '#postcodes' },
	{ as: 'admin@exempel.se', path: '/admin/kategorier', field: '#alias' },
	{ as: 'admin@exempel.se', path: '/admin/aterkoppling', field: '#acknowledge_days', fill: [['#acknowledge_days', 'x']] },
	{ as: 'admin@exempel.se', path: '/admin/namnder/__COMMITTEE__', field: '#code', fill: [['#name', '']] },
	{ as: 'admin@exempel.se', path: '/admin/namnder/__COMMITTEE__', field: '#into' },
	{ as: 'admin@exempel.se', path: '/admin/forvaltningar/__DEPARTMENT__', field: '#contact_email', fill: [['#contact_email', 'fel']] },
	{ as: 'admin@exempel.se', path: '/admin/forvaltningar/__DEPARTMENT__', field: '#into' },
	{ as: 'admin@exempel.se', path: '/admin/omraden/__DISTRICT__', field: '#postcodes', fill: [['#postcodes', '123']] },
	{ as: 'admin@exempel.se', path: '/admin/konton/__OFFICIAL__', field: '#department', select: [['#department', '']] },
	{ as: 'tjansteperson@exempel.se', path: '/synpunkter/__OPENSUB__', field: '#case_number', check: ['#status-closed'],
		fill: [['#answer', 'Ett svar, fast ärendet stängs utan svar.']] },
	{ as: 'tjansteperson@exempel.se', path: '/dialoger/__OPEN__/status?till=closed', field: '#closing_date' },
	{ as: 'tjansteperson@exempel.se', path: '/dialoger/__OPEN__/inbjudningar?category=icnpo1', button: 'main button[value="preview"]',
		uncheck: '#reachable input[type=checkbox]' },	{ as: 'tjansteperson@exempel.se', path: '/handlingsplaner/ny', field: '#title', fill: [['#title', '']] },
];
for (const f of REFUSED_FORMS)
	test(`focus: the error summary after a refused ${f.path}${f.field ? ' ' + f.field : ''}`, () =>
		withContext({}, async (page) => {
			if (f.as) await login(page, f.as);
			const path = f.path.replace('__OPEN__', () => openDialogue())
				.replace('__CLOSED__', () => sqlValue("SELECT id FROM dialogue WHERE state = 'closed' ORDER BY id LIMIT 1"))
				.replace('__OPENSUB__', () => openSubmission())
				.replace('__OFFICIAL__', () => demoOfficial())
				.replace('__COMMITTEE__', () => sqlValue('SELECT id FROM committee WHERE retired_at IS NULL ORDER BY id LIMIT 1'))
				.replace('__DEPARTMENT__', () => sqlValue('SELECT id FROM department WHERE retired_at IS NULL ORDER BY id LIMIT 1'))
				.replace('__DISTRICT__', () => sqlValue('SELECT code FROM district WHERE retired_at IS NULL ORDER BY sort, code LIMIT 1'));
			let res;
			if (f.field || f.button) {
				await goto(page, path);
				for (const [sel, value] of f.fill || []) await page.fill(sel, value);
				for (const sel of f.check || []) await page.check(sel);
				for (const [sel, value] of f.select || []) await page.selectOption(sel, value);
				if (f.uncheck) for (const box of await page.locator(f.uncheck).all()) await box.uncheck();
				res = await clickAndWait(page, f.button || submitOf(f.field));
			} else {
				res = await page.goto(path);
			}
			if (!res || res.status() < 400) throw new Error(`${path} answered ${res ? res.status() : 'nothing'}, expected a refusal`);
			await assertSummaryFocused(page, `${path} ${f.field || ''}`);
		}));

// ---- dialogues, views and proposals, the feedback clock (issue 5) ------------------------------

// One value from the test database (sqlite3), e.g. the id of the demo's open dialogue.
function sqlValue(sql) {
	const out = execFileSync('sqlite3', [dbPath, sql], { encoding: 'utf8', timeout: 10_000 }).trim();
	if (!out) throw new Error(`the database has no answer to: ${sql}`);
	return out.split('\n')[0];
}
const openDialogue = () => sqlValue("SELECT id FROM dialogue WHERE state = 'open' ORDER BY id LIMIT 1");
const demoOfficial = () => sqlValue("SELECT id FROM account WHERE email = 'tjansteperson@exempel.se'");
const reportedDialogue = () => sqlValue("SELECT id FROM dialogue WHERE state = 'reported' ORDER BY id LIMIT 1");
const publishedSubmission = () =>
	sqlValue("SELECT id FROM submission WHERE publish_consent = 1 AND hidden_at IS NULL AND answer IS NOT NULL ORDER BY id LIMIT 1");

test('axe: the public pages of dialogues, submissions and statistics', () =>
	withAxe(async (page) => {
		for (const path of ['/dialoger', '/dialoger?state=open', `/dialoger/${openDialogue()}`,
			`/dialoger/${reportedDialogue()}`, '/synpunkter', `/synpunkter/${publishedSubmission()}`,
			'/statistik/aterkoppling', '/statistik/aterkoppling?from=2020-01-01&to=2030-12-31']) {
			await goto(page, path);
			await axeCheck(page);
		}
	}));

test('axe: the statistics form with errors (from after to)', () =>
	withAxe(async (page) => {
		await goto(page, '/statistik/aterkoppling?from=2026-12-31&to=2026-01-01', 422);
		if ((await page.locator('[aria-invalid="true"]').count()) === 0)
			throw new Error('a period that ends before it starts marked no field aria-invalid');
		await axeCheck(page);
	}));

test('axe: the statistics chart has a title and a description', () =>
	withAxe(async (page) => {
		await goto(page, '/statistik/aterkoppling?from=2020-01-01&to=2030-12-31');
		const svg = page.locator('main svg[role="img"]');
		if ((await svg.count()) === 0) throw new Error('no <svg role="img"> chart on the statistics page');
		for (const part of ['title', 'desc'])
			if ((await svg.first().locator(part).count()) === 0) throw new Error(`the chart has no <${part}>`);
	}));

axePagesAs(REP_EMAIL, ['/synpunkter/ny', `/synpunkter/ny?dialog=__OPEN__`, '/konto/synpunkter']);
axePagesAs('tjansteperson@exempel.se', ['/dialoger/ny', '/arbetsko', `/dialoger/__OPEN__/inbjudningar`,
	`/synpunkter/__PUBLISHED__`]);
axePagesAs('samordnare@exempel.se', ['/arbetsko', '/arbetsko?official=__OFFICIAL__', '/admin/aterkoppling',
	`/dialoger/__OPEN__`]);

test('axe: the submission form with errors (submitted empty)', () =>
	withAxe(async (page) => {
		await login(page);
		await goto(page, `/synpunkter/ny?dialog=${openDialogue()}`);
		await submitRefused(page, '#title', ['#title', '#body'], 'the empty form');
		await axeCheck(page);
	}));

test('axe: the new-dialogue form with errors (submitted empty)', () =>
	withAxe(async (page) => {
		await login(page, 'tjansteperson@exempel.se');
		await goto(page, '/dialoger/ny');
		await submitRefused(page, '#title', ['#title'], 'the empty form');
		await axeCheck(page);
	}));

test('keyboard only: a representative sends a proposal in an open dialogue', () =>
	withContext({}, async (page) => {
		const title = `Tangentbordsförslag ${Date.now()}`;
		await goto(page, '/logga-in');
		// From here on: page.keyboard only, no clicks and no fill().
		await tabTo(page, '#email', 30);
		await page.keyboard.type(REP_EMAIL);
		await page.keyboard.press('Tab');
		await page.keyboard.type(PASSWORD);
		let [res] = await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
		await assertLoggedIn(page, res);
		const dialogue = openDialogue();
		await goto(page, `/dialoger/${dialogue}`);
		// The dialogue page's own link to the form, followed with Enter.
		await tabTo(page, `main a[href="/synpunkter/ny?dialog=${dialogue}"]`);
		[res] = await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
		if (!res || res.status() !== 200) throw new Error(`the form answered ${res ? res.status() : 'nothing'}`);
		// On behalf of the first organisation: Tab into the group, Space chooses.
		await tabTo(page, `#on_behalf-${ORG}`);
		await page.keyboard.press('Space');
		// A proposal: the first radio gets focus, the arrow key moves the choice.
		await tabTo(page, '#kind-view');
		await page.keyboard.press('ArrowDown');
		await tabTo(page, '#title');
		await page.keyboard.type(title);
		await tabTo(page, '#body');
		await page.keyboard.type('Fler bänkar längs strandpromenaden, så att äldre orkar gå hela vägen.');
		await tabTo(page, '#publish');
		await page.keyboard.press('Space');
		await tabTo(page, submitOf('#title'));
		[res] = await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
		if (!res || res.status() >= 400) throw new Error(`sending answered ${res ? res.status() : 'nothing'} at ${page.url()}`);
		if (!/\/synpunkter\/\d+/.test(new URL(page.url()).pathname)) throw new Error(`sending ended at ${page.url()}`);
		if (!(await pageText(page)).includes(title)) throw new Error('the submission page does not show the title sent');
		const row = sqlValue(`SELECT kind || '|' || organisation_id || '|' || publish_consent FROM submission WHERE title = '${title}'`);
		if (row !== `proposal|${ORG}|1`) throw new Error(`stored as ${row}, expected proposal|${ORG}|1`);
	}));

test('without JavaScript: send a view as a private person', () =>
	withContext({ javaScriptEnabled: false }, async (page) => {
		await login(page);
		await goto(page, '/synpunkter/ny');
		const title = `Utan JavaScript ${Date.now()}`;
		await page.selectOption('#department_id', { index: 1 });
		await page.check('#on_behalf-me');
		await page.check('#kind-view');
		await page.fill('#title', title);
		await page.fill('#body', 'Belysningen vid färjeläget är för svag.');
		const res = await clickAndWait(page, submitOf('#title'));
		if (!res || res.status() >= 400) throw new Error(`sending answered ${res ? res.status() : 'nothing'}`);
		if (!(await pageText(page)).includes(title)) throw new Error('the submission page does not show the title sent');
	}));

function lastToken(email, path) {
	const sql = `SELECT body_text FROM outbox WHERE to_address = '${email.replace(/'/g, "''")}' ORDER BY id DESC`;
	const out = execFileSync('sqlite3', [dbPath, sql], { encoding: 'utf8', timeout: 10_000 });
	const m = out.match(new RegExp(`${path}\\?token=([A-Za-z0-9_-]+)`));
	if (!m) throw new Error(`no message to ${email} links to ${path}`);
	return m[1];
}

let signupSeq = 0;
const freshEmail = (tag) => `${tag}-${process.pid}-${Date.now()}-${++signupSeq}@exempel.se`;

async function requestReset(page, email) {
	await goto(page, '/konto/glomt-losenord');
	await page.fill('#email', email);
	const res = await clickAndWait(page, submitOf('#email'));
	if (!res || res.status() !== 200 || new URL(page.url()).pathname !== '/konto/klart')
		throw new Error(`asking for a reset link ended at ${page.url()} (${res ? res.status() : 'no response'})`);
}

test('axe: sign-up form /konto/ny', () =>
	withAxe(async (page) => {
		await goto(page, '/konto/ny');
		for (const f of ['#name', '#email', '#password'])
			if ((await page.locator(`label[for="${f.slice(1)}"]`).count()) !== 1) throw new Error(`no visible label for ${f}`);
		await axeCheck(page);
	}));

test('axe: sign-up form with errors (submitted empty)', () =>
	withAxe(async (page) => {
		await goto(page, '/konto/ny');
		const res = await clickAndWait(page, submitOf('#password'));
		if (!res || res.status() !== 422) throw new Error(`the empty sign-up form answered ${res ? res.status() : 'nothing'}, expected 422`);
		for (const f of ['#name', '#email', '#password'])
			if ((await page.locator(`${f}[aria-invalid="true"]`).count()) === 0) throw new Error(`${f} is not marked aria-invalid`);
		await axeCheck(page);
		// And with one field wrong and the others kept.
		await page.fill('#name', 'Åsa Östlund');
		await page.fill('#email', 'inte-en-adress');
		await page.fill('#password', 'ett-bra-lösenord');
		await clickAndWait(page, submitOf('#password'));
		if ((await page.inputValue('#name')) !== 'Åsa Östlund') throw new Error('the name typed was lost');
		if ((await page.locator('#email[aria-invalid="true"]').count()) === 0) throw new Error('#email is not marked aria-invalid');
		await axeCheck(page);
	}));

test('axe: forgotten password /konto/glomt-losenord (empty and with an error)', () =>
	withAxe(async (page) => {
		await goto(page, '/konto/glomt-losenord');
		await axeCheck(page);
		await page.fill('#email', 'inte en adress');
		await clickAndWait(page, submitOf('#email'));
		if ((await page.locator('#email[aria-invalid="true"]').count()) === 0) throw new Error('#email is not marked aria-invalid');
		await axeCheck(page);
		await requestReset(page, freshEmail('ingen'));
		await axeCheck(page);
	}));

test('axe: the reset form from an e-mailed link (and with errors)', () =>
	withAxe(async (page) => {
		await requestReset(page, REP_EMAIL);
		await goto(page, `/konto/aterstall?token=${lastToken(REP_EMAIL, '/konto/aterstall')}`);
		for (const f of ['#new_password', '#new_password2'])
			if ((await page.locator(f).count()) === 0) throw new Error(`no ${f} on the reset form`);
		await axeCheck(page);
		// Two different passwords: errors, and the link is not used up (the representative keeps theirs).
		await page.fill('#new_password', 'ett-nytt-lösenord');
		await page.fill('#new_password2', 'ett-annat-lösenord');
		const res = await clickAndWait(page, submitOf('#new_password'));
		if (!res || res.status() !== 422) throw new Error(`different passwords answered ${res ? res.status() : 'nothing'}, expected 422`);
		if ((await page.locator('#new_password2[aria-invalid="true"]').count()) === 0)
			throw new Error('#new_password2 is not marked aria-invalid');
		await axeCheck(page);
	}));

test('axe: /konto with the e-mail and password forms (representative)', () =>
	withAxe(async (page) => {
		await login(page);
		await goto(page, '/konto');
		for (const f of ['#new_email', '#email_password', '#current_password', '#new_password', '#new_password2'])
			if ((await page.locator(f).count()) === 0) throw new Error(`no ${f} on /konto`);
		await axeCheck(page);
		// A wrong current password shows the form again with the error.
		await page.fill('#new_email', freshEmail('ny'));
		await page.fill('#email_password', 'fel-lösenord');
		await clickAndWait(page, submitOf('#email_password'));
		if ((await page.locator('#email_password[aria-invalid="true"]').count()) === 0)
			throw new Error('#email_password is not marked aria-invalid after a wrong password');
		await axeCheck(page);
	}));

test('axe: login of an unconfirmed account, and the page a verification link opens', () =>
	withAxe(async (page) => {
		const email = freshEmail('obekraftad');
		await goto(page, '/konto/ny');
		await page.fill('#name', 'Otto Obekräftad');
		await page.fill('#email', email);
		await page.fill('#password', 'ett-bra-lösenord');
		await clickAndWait(page, submitOf('#password'));
		await axeCheck(page); // the "check your e-mail" page
		await goto(page, '/logga-in');
		await page.fill('#email', email);
		await page.fill('#password', 'ett-bra-lösenord');
		const res = await clickAndWait(page, submitOf('#password'));
		if (!res || res.status() !== 403) throw new Error(`an unconfirmed login answered ${res ? res.status() : 'nothing'}, expected 403`);
		if ((await page.locator('form[action="/konto/verifiera/skicka"]').count()) !== 1)
			throw new Error('no form to send a new link on the login page of an unconfirmed account');
		await axeCheck(page);
		await goto(page, `/konto/verifiera?token=${lastToken(email, '/konto/verifiera')}`);
		await axeCheck(page);
	}));

test('keyboard only: sign up, see "check your e-mail", confirm the address and log in', () =>
	withContext({}, async (page) => {
		const email = freshEmail('tangentbord');
		const password = 'tangentbordets-lösenord';
		await goto(page, '/konto/ny');
		// From here on: page.keyboard only, no clicks and no fill().
		await tabTo(page, '#name', 30);
		await page.keyboard.type('Tangent Bordsson');
		for (const [next, text] of [['email', email], ['password', password]]) {
			await page.keyboard.press('Tab');
			const at = await activeInfo(page);
			if (at.id !== next) throw new Error(`Tab went to ${at.desc}, not #${next}`);
			await page.keyboard.type(text);
		}
		let [res] = await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
		if (!res || res.status() !== 200) throw new Error(`signing up ended with ${res ? res.status() : 'nothing'} at ${page.url()}`);
		const url = new URL(page.url());
		if (url.pathname !== '/konto/klart' || url.searchParams.get('vad') !== 'registrerad')
			throw new Error(`after signing up the browser is at ${page.url()}, not the "check your e-mail" page`);
		const heading = (await page.locator('main h1').innerText()).trim();
		if (!heading) throw new Error('the "check your e-mail" page has no heading');

		// The link in the message opens a page whose one button confirms the address.
		await goto(page, `/konto/verifiera?token=${lastToken(email, '/konto/verifiera')}`);
		await tabTo(page, submitOf('input[name="token"]'), 40);
		[res] = await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
		if (!res || res.status() !== 200) throw new Error(`confirming answered ${res ? res.status() : 'nothing'}`);

		await goto(page, '/logga-in');
		await tabTo(page, '#email', 30);
		await page.keyboard.type(email);
		await page.keyboard.press('Tab');
		await page.keyboard.type(password);
		[res] = await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
		await assertLoggedIn(page, res);
	}));

// ---- a person's own data (issue 9) ----------------------------------------------------------------

axePagesAs(REP_EMAIL, ['/konto/mina-uppgifter', '/konto/ta-bort']);
axePagesAs('admin@exempel.se', ['/konto/ta-bort']); // the only administrator: a warning, no form
axePagesAs('samordnare@exempel.se', ['/admin/personuppgifter', `/admin/personuppgifter?e-post=${REP_EMAIL}`]);

test('axe: deleting an account with a wrong password (official)', () =>
	withAxe(async (page) => {
		await login(page, 'tjansteperson@exempel.se');
		await goto(page, '/konto/ta-bort');
		await page.fill('#password', 'fel-lösenord');
		const res = await clickAndWait(page, submitOf('#password'));
		if (!res || res.status() !== 422) throw new Error(`a wrong password answered ${res ? res.status() : 'nothing'}, expected 422`);
		if ((await page.locator('#password[aria-invalid="true"]').count()) === 0)
			throw new Error('#password is not marked aria-invalid after a wrong password');
		await axeCheck(page);
	}));

test('axe: personal data on request — an error, a contact person, the erasure step', () =>
	withAxe(async (page) => {
		await login(page, 'samordnare@exempel.se');
		await goto(page, '/admin/personuppgifter?e-post=inte-en-adress', 422);
		await axeCheck(page);
		const contact = sqlValue("SELECT lower(email) FROM contact_person WHERE email LIKE '%@%' " +
			'AND lower(email) NOT IN (SELECT email FROM account) ORDER BY id LIMIT 1');
		await goto(page, `/admin/personuppgifter?e-post=${encodeURIComponent(contact)}`);
		await axeCheck(page);
		await goto(page, `/admin/personuppgifter/radera?e-post=${encodeURIComponent(contact)}`);
		await axeCheck(page);
	}));

// ---- a real municipality (issue 11): the new pages on the demo ---------------------------------

const ADMIN_EMAIL = 'admin@exempel.se';
const OFFICIAL_EMAIL = 'tjansteperson@exempel.se';
const NUMBER_ORG = 2; // the representative's second organisation: its number is confirmed, then a change asked

axePagesAs(ADMIN_EMAIL, ['/admin/kommun', '/admin/namnder', '/admin/namnder/__COMMITTEE__', '/admin/forvaltningar',
	'/admin/forvaltningar/__DEPARTMENT__', '/admin/omraden', '/admin/omraden/__DISTRICT__', '/admin/kategorier',
	'/admin/konton/bjud-in']);
axePagesAs(OFFICIAL_EMAIL, ['/organisationer/ny']);

test('axe: /tillganglighet', () => withAxe(async (page) => { await goto(page, '/tillganglighet'); await axeCheck(page); }));

test('axe: the municipality profile with errors (e-mail "fel")', () =>
	withAxe(async (page) => {
		await login(page, ADMIN_EMAIL);
		await goto(page, '/admin/kommun');
		const before = sqlValue("SELECT coalesce((SELECT value FROM setting WHERE name = 'municipality.email'), '(none)')");
		await page.fill('#email', 'fel');
		await submitRefused(page, '#email', ['#email'], 'e-mail "fel"');
		if ((await page.inputValue('#email')) !== 'fel') throw new Error('the e-mail typed was not kept');
		if ((await page.locator('.error-summary a[href="#email"]').count()) === 0) throw new Error('the error summary does not link to #email');
		const after = sqlValue("SELECT coalesce((SELECT value FROM setting WHERE name = 'municipality.email'), '(none)')");
		if (after !== before) throw new Error(`the refused e-mail changed the stored one: ${before} → ${after}`);
		await axeCheck(page);
	}));

test('axe: the merge confirmation pages of a department and a committee (admin)', () =>
	withAxe(async (page) => {
		await login(page, ADMIN_EMAIL);
		for (const [table, path] of [['department', '/admin/forvaltningar'], ['committee', '/admin/namnder']]) {
			const [from, into] = sqlValue(`SELECT group_concat(id) FROM (SELECT id FROM ${table} WHERE retired_at IS NULL ORDER BY id LIMIT 2)`).split(',');
			await goto(page, `${path}/${from}`);
			await page.selectOption('#into', into);
			const res = await clickAndWait(page, submitOf('#into'));
			if (!res || res.status() !== 200) throw new Error(`${path}/${from}: continuing to merge answered ${res ? res.status() : 'nothing'}`);
			if ((await page.locator(`main form[action="${path}/${from}/sla-ihop"] input[name="confirm"][value="1"]`).count()) !== 1)
				throw new Error(`${path}/${from}: no confirmation form after choosing what to merge into`);
			await axeCheck(page);
			// Only confirmed does anything move.
			if (sqlValue(`SELECT count(*) FROM ${table} WHERE id = ${from} AND retired_at IS NULL`) !== '1')
				throw new Error(`${table} ${from} was retired before the merge was confirmed`);
		}
	}));

test('axe: inviting staff with errors, the sent notice, the invitation link (and with errors)', () =>
	withAxe(async (page) => {
		await login(page, ADMIN_EMAIL);
		await goto(page, '/admin/konton/bjud-in');
		await page.fill('#email', 'fel');
		await submitRefused(page, '#email', ['#email'], 'e-mail "fel"');
		await axeCheck(page);
		const email = freshEmail('inbjuden');
		const department = sqlValue('SELECT id FROM department WHERE retired_at IS NULL ORDER BY id LIMIT 1');
		await page.fill('#email', email);
		await page.check('#role-official');
		await page.selectOption('#department', department);
		const res = await clickAndWait(page, submitOf('#email'));
		if (!res || res.status() !== 200 || new URL(page.url()).searchParams.get('skickat') !== '1')
			throw new Error(`inviting ended at ${page.url()} (${res ? res.status() : 'nothing'})`);
		if ((await page.locator('main [role="status"]').count()) === 0) throw new Error('no notice that the invitation was sent');
		await axeCheck(page);
		const token = lastToken(email, '/konto/personalinbjudan');
		await withAxe(async (invited) => {
			await goto(invited, `/konto/personalinbjudan?token=${token}`);
			if (!(await invited.content()).includes(email)) throw new Error('the invitation page does not say which address was invited');
			await axeCheck(invited);
			await submitRefused(invited, '#password', ['#name', '#password'], 'the empty form');
			await axeCheck(invited);
		});
	}));

test('axe: /organisationer/oklassificerade (official), with one made unclassified through the form', () =>
	withAxe(async (page) => {
		await login(page, OFFICIAL_EMAIL);
		const name = `Oklassificerad förening ${Date.now()}`;
		await goto(page, '/organisationer/ny');
		await page.fill('#name', name);
		await page.selectOption('#legal_form', { index: 1 });
		const res = await clickAndWait(page, submitOf('#name'));
		if (!res || res.status() !== 200) throw new Error(`registering answered ${res ? res.status() : 'nothing'} at ${page.url()}`);
		const id = sqlValue(`SELECT id FROM organisation WHERE name = '${name}'`);
		if (sqlValue(`SELECT count(*) FROM organisation_category WHERE organisation_id = ${id}`) !== '0')
			throw new Error('the organisation registered without a category has one');
		await goto(page, '/organisationer/oklassificerade');
		if ((await page.locator(`main input[type="checkbox"][value="${id}"]`).count()) !== 1)
			throw new Error(`organisation ${id} has no checkbox on /organisationer/oklassificerade`);
		await axeCheck(page);
	}));

test('axe: /organisationer as an official, with the download links', () =>
	withAxe(async (page) => {
		await login(page, OFFICIAL_EMAIL);
		await goto(page, '/organisationer');
		for (const href of ['/organisationer.xlsx', '/organisationer.csv', '/organisationer/med-kontaktpersoner.xlsx',
			'/organisationer/med-kontaktpersoner.csv'])
			if ((await page.locator(`main a[href^="${href}"]`).count()) !== 1) throw new Error(`no download link to ${href}`);
		await axeCheck(page);
	}));

test('axe: the edit form with its address fieldsets (representative, official)', () =>
	withAxe(async (page) => {
		for (const email of [REP_EMAIL, OFFICIAL_EMAIL]) {
			await login(page, email);
			await goto(page, `/organisationer/${ORG}/redigera`);
			if ((await page.locator('main fieldset.address').count()) !== 2) throw new Error(`${email}: not two address fieldsets`);
			for (const f of ['#street', '#postcode', '#city', '#postal_street', '#postal_postcode', '#postal_city', '#address_public'])
				if ((await page.locator(`label[for="${f.slice(1)}"]`).count()) !== 1) throw new Error(`${email}: no label for ${f}`);
			await axeCheck(page);
			await page.context().clearCookies();
		}
	}));

test('axe: asking to change a confirmed organisation number, and the official\'s view of the request', () =>
	withAxe(async (page) => {
		// An official saves the organisation: its number is now confirmed, and locked for its representatives.
		await login(page, OFFICIAL_EMAIL);
		await goto(page, `/organisationer/${NUMBER_ORG}/redigera`);
		let res = await clickAndWait(page, submitOf('#name'));
		if (!res || res.status() !== 200) throw new Error(`the official's save answered ${res ? res.status() : 'nothing'}`);
		sqlValue(`SELECT id FROM organisation WHERE id = ${NUMBER_ORG} AND org_number_confirmed_at IS NOT NULL`);
		await page.context().clearCookies();

		await login(page, REP_EMAIL);
		await goto(page, `/organisationer/${NUMBER_ORG}/redigera`);
		if ((await page.locator('main input#org_number').count()) !== 0) throw new Error('a confirmed number is still an input for the representative');
		await axeCheck(page);
		await goto(page, `/organisationer/${NUMBER_ORG}/organisationsnummer`);
		await axeCheck(page);
		await submitRefused(page, '#reason', ['#org_number'], 'the empty request');
		await axeCheck(page);
		await page.fill('#org_number', '802001-2343');
		await page.fill('#reason', 'Numret skrevs fel när föreningen registrerades.');
		res = await clickAndWait(page, submitOf('#reason'));
		if (!res || res.status() !== 200) throw new Error(`the request answered ${res ? res.status() : 'nothing'} at ${page.url()}`);
		if (sqlValue(`SELECT coalesce(org_number_requested, '') FROM organisation WHERE id = ${NUMBER_ORG}`).replace(/\D/g, '') !== '8020012343')
			throw new Error('the requested number is not stored');
		await page.context().clearCookies();

		await login(page, OFFICIAL_EMAIL);
		await goto(page, `/organisationer/${NUMBER_ORG}`);
		if ((await page.locator(`main form[action="/organisationer/${NUMBER_ORG}/organisationsnummer/avsla"]`).count()) !== 1)
			throw new Error('the official sees no way to answer the request');
		await axeCheck(page);
		// Declined, so the organisation keeps its number for the tests after this one.
		res = await clickAndWait(page, `main form[action="/organisationer/${NUMBER_ORG}/organisationsnummer/avsla"] button[type=submit]`);
		if (!res || res.status() !== 200) throw new Error(`declining answered ${res ? res.status() : 'nothing'}`);
		if (sqlValue(`SELECT coalesce(org_number_requested, '(none)') FROM organisation WHERE id = ${NUMBER_ORG}`) !== '(none)')
			throw new Error('the declined request is still waiting');
		await axeCheck(page);
	}));

// ---- the daily flows (issue 12): the personal page, the new pages, and each role's main task ----

const COORDINATOR_EMAIL = 'samordnare@exempel.se';
// An open submission of the official's department, and the demo's dialogues by state.
const openSubmission = () => sqlValue(
	"SELECT s.id FROM submission s JOIN account a ON a.department_id = s.department_id " +
	"WHERE a.email = 'tjansteperson@exempel.se' AND s.status IN ('received', 'acknowledged', 'in_progress') ORDER BY s.id LIMIT 1");
const dialogueIn = (state) => sqlValue(`SELECT id FROM dialogue WHERE state = '${state}' ORDER BY id LIMIT 1`);

// The personal page of every role, and the pages the daily flows added, at both widths.
for (const email of [REP_EMAIL, OFFICIAL_EMAIL, COORDINATOR_EMAIL, ADMIN_EMAIL])
	test(`axe: /min-sida (${email.split('@')[0]})`, () =>
		withAxe(async (page) => {
			await login(page, email);
			if (new URL(page.url()).pathname !== '/min-sida') throw new Error(`signing in ended at ${page.url()}, not /min-sida`);
			await axeCheck(page);
		}));

test('axe: the handling form, the confirmations of open, close and publish (official)', () =>
	withAxe(async (page) => {
		await login(page, OFFICIAL_EMAIL);
		for (const path of [`/synpunkter/${openSubmission()}`, `/dialoger/${dialogueIn('planned')}/status?till=open`,
			`/dialoger/${dialogueIn('open')}/status?till=closed`]) {
			await goto(page, path);
			await axeCheck(page);
		}
		// Closing early asks whether the last day moves: sent without a choice, it is refused.
		await goto(page, `/dialoger/${dialogueIn('open')}/status?till=closed`);
		if ((await page.locator('#closing_date input[type=radio]').count()) !== 2)
			throw new Error('closing an open dialogue early does not ask whether the last day moves');
		await submitRefused(page, '#closing_date', [], 'closing without a choice');
		await axeCheck(page);
	}));

test('axe: the publish confirmation of "what happened next" (coordinator)', () =>
	withAxe(async (page) => {
		await login(page, COORDINATOR_EMAIL);
		await goto(page, `/dialoger/${dialogueIn('closed')}/aterkoppling/publicera`);
		await axeCheck(page);
	}));

test('axe: the invitation preview, and the preview with nothing ticked (official)', () =>
	withAxe(async (page) => {
		await login(page, OFFICIAL_EMAIL);
		const dialogue = dialogueIn('open');
		await goto(page, `/dialoger/${dialogue}/inbjudningar?category=icnpo1`);
		const ticked = page.locator('#reachable input[type=checkbox]:checked');
		if ((await ticked.count()) === 0) throw new Error('no reachable organisation is ticked for icnpo1');
		let res = await clickAndWait(page, 'main button[value="preview"]');
		if (!res || res.status() !== 200) throw new Error(`the preview answered ${res ? res.status() : 'nothing'}`);
		const text = await page.locator('main').innerText();
		if (!/\d+ organisation/.test(text)) throw new Error(`the preview does not say how many are invited:\n${text.slice(0, 400)}`);
		await axeCheck(page);
		await goto(page, `/dialoger/${dialogue}/inbjudningar?category=icnpo1`);
		for (const box of await page.locator('#reachable input[type=checkbox]').all()) await box.uncheck();
		res = await clickAndWait(page, 'main button[value="preview"]');
		if (!res || res.status() !== 422) throw new Error(`a preview of nobody answered ${res ? res.status() : 'nothing'}, expected 422`);
		await axeCheck(page);
	}));

axePagesAs(COORDINATOR_EMAIL, ['/organisationer/att-bekrafta']);

// The pages a link in an e-mail opens, also when the link is stale, and the goodbye page.
test('axe: the pages of e-mailed links with a stale token, and after an account is deleted', () =>
	withAxe(async (page) => {
		for (const [path, status] of [['/konto/borttaget', 200], ['/konto/aviseringar/avsluta?token=gammal', 400],
			['/konto/inbjudan?token=gammal', 404], ['/konto/bekrafta-e-post?token=gammal', 404]]) {
			await goto(page, path, status);
			await axeCheck(page);
		}
	}));

// On a phone, what a search or a filter asked for starts on the first screen: the filters fold away
// (a <details>, no script) once something is chosen, and open again with one press.
test('a search\'s or a filter\'s results start on a phone\'s first screen', () =>
	withContext({ viewport: PHONE }, async (page) => {
		for (const path of [`/organisationer?q=${encodeURIComponent('förening')}`, '/organisationer?category=icnpo1',
			'/dialoger?state=open', '/synpunkter?status=answered']) {
			await goto(page, path);
			const top = await page.locator('#results').evaluate((h) => h.getBoundingClientRect().top);
			if (top >= PHONE.height) throw new Error(`${path}: the results start at ${Math.round(top)} px, below the ${PHONE.height} px screen`);
			if ((await page.locator('details.more-filters[open]').count()) !== 0) throw new Error(`${path}: the filters are not folded`);
		}
		// The summary opens them, and says what is chosen.
		await goto(page, '/organisationer?category=icnpo1');
		const summary = page.locator('details.more-filters > summary');
		if (!/\(1 chosen\)/.test(await summary.innerText())) throw new Error(`the summary says "${await summary.innerText()}"`);
		await summary.click();
		if (!(await page.locator('select[name="category"]').isVisible())) throw new Error('the filters did not open');
	}));

// Each role's main task, from signing in, starting on the personal page. They run in this order
// and share the dialogue and the proposal: the official opens a planned dialogue (its prepared
// invitations go out), the representative finds it on their page and sends a proposal, the
// official finds the proposal at once and handles it.
const flow = {};

test('role: an official opens a planned dialogue from /min-sida; its prepared invitations go out once', () =>
	withContext({}, async (page) => {
		await login(page, OFFICIAL_EMAIL);
		if (new URL(page.url()).pathname !== '/min-sida') throw new Error(`signing in ended at ${page.url()}`);
		flow.dialogue = dialogueIn('planned');
		flow.title = sqlValue(`SELECT title FROM dialogue WHERE id = ${flow.dialogue}`);
		const prepared = Number(sqlValue(`SELECT COUNT(*) FROM dialogue_invitation WHERE dialogue_id = ${flow.dialogue} AND sent_at IS NULL`));
		if (prepared === 0) throw new Error('the demo has no prepared invitation on its planned dialogue');
		await clickAndWait(page, `#my-dialogues a[href="/dialoger/${flow.dialogue}"]`);
		// The management actions are at the top: the first link in main after the heading.
		await clickAndWait(page, `main a[href="/dialoger/${flow.dialogue}/status?till=open"]`);
		const says = await page.locator('main').innerText();
		if (!new RegExp(`invitations? to ${prepared} organisations? (is|are) sent now`).test(says)) throw new Error(`the confirmation does not say ${prepared} invitations go out:\n${says}`);
		const outboxBefore = Number(sqlValue('SELECT COUNT(*) FROM outbox'));
		const res = await clickAndWait(page, submitOf('input[name="to"]'));
		if (!res || res.status() !== 200) throw new Error(`opening answered ${res ? res.status() : 'nothing'}`);
		if (sqlValue(`SELECT state FROM dialogue WHERE id = ${flow.dialogue}`) !== 'open') throw new Error('the dialogue is not open');
		const unsent = sqlValue(`SELECT COUNT(*) FROM dialogue_invitation WHERE dialogue_id = ${flow.dialogue} AND sent_at IS NULL`);
		if (unsent !== '0') throw new Error(`${unsent} prepared invitations were not sent`);
		const sent = Number(sqlValue('SELECT COUNT(*) FROM outbox')) - outboxBefore;
		// Once: the old confirmation link now leads to the dialogue's page, which offers no opening,
		// and looking again sends nothing.
		await goto(page, `/dialoger/${flow.dialogue}/status?till=open`);
		if (new URL(page.url()).pathname !== `/dialoger/${flow.dialogue}`) throw new Error(`the stale link ended at ${page.url()}`);
		if ((await page.locator(`main a[href$="status?till=open"]`).count()) !== 0) throw new Error('an open dialogue offers opening');
		if (Number(sqlValue('SELECT COUNT(*) FROM outbox')) - outboxBefore !== sent) throw new Error('invitations went out twice');
	}));

test('role: a representative finds the invitation on /min-sida and sends a proposal', () =>
	withContext({}, async (page) => {
		if (!flow.dialogue) throw new Error('the official did not open the dialogue');
		await login(page);
		if (new URL(page.url()).pathname !== '/min-sida') throw new Error(`signing in ended at ${page.url()}`);
		const link = page.locator(`#my-invitations a[href="/dialoger/${flow.dialogue}"]`);
		// One line per invited organisation of theirs: the demo's representative has two.
		if ((await link.count()) !== 2) throw new Error(`/min-sida lists the invitation to "${flow.title}" ${await link.count()} times, not once per organisation`);
		await clickAndWait(page, `#my-invitations a[href="/dialoger/${flow.dialogue}"]`);
		if ((await page.locator('main .invited-mark').count()) === 0) throw new Error('the dialogue page does not say the organisation is invited');
		await clickAndWait(page, `main a[href="/synpunkter/ny?dialog=${flow.dialogue}"]`);
		flow.proposal = `Förslag via min sida ${Date.now()}`;
		await page.check(`#on_behalf-${ORG}`);
		await page.check('#kind-proposal');
		await page.fill('#title', flow.proposal);
		await page.fill('#body', 'Låt föreningarna vara med och skriva kulturstrategins mål för unga.');
		const res = await clickAndWait(page, submitOf('#title'));
		if (!res || res.status() !== 200 || !/^\/synpunkter\/\d+$/.test(new URL(page.url()).pathname))
			throw new Error(`sending ended at ${page.url()} (${res ? res.status() : 'nothing'})`);
		const row = sqlValue(`SELECT id || '|' || kind || '|' || organisation_id || '|' || dialogue_id || '|' || status FROM submission WHERE title = '${flow.proposal}'`);
		const [id, ...rest] = row.split('|');
		if (rest.join('|') !== `proposal|${ORG}|${flow.dialogue}|received`) throw new Error(`stored as ${row}`);
		flow.submission = id;
	}));

test('role: an official sees the proposal at once, acknowledges it with a case number in one form, and answers it', () =>
	withContext({}, async (page) => {
		if (!flow.submission) throw new Error('the representative sent no proposal');
		await login(page, OFFICIAL_EMAIL);
		// The first page after it arrived shows it, on the personal page and in the queue.
		if ((await page.locator(`#to-acknowledge a[href="/synpunkter/${flow.submission}"]`).count()) !== 1)
			throw new Error('/min-sida does not list the new proposal to acknowledge');
		await goto(page, '/arbetsko');
		// In both lists: the official's own (the default handler of the department) and the department's.
		if ((await page.locator(`table.work-queue tr[data-id="${flow.submission}"]`).count()) !== 2)
			throw new Error('/arbetsko does not list the new proposal in the official\'s and the department\'s list');
		await clickAndWait(page, `table.work-queue tr[data-id="${flow.submission}"] a[href="/synpunkter/${flow.submission}"]`);
		await page.check('#status-acknowledged');
		await page.fill('#case_number', 'KFN 2026/88');
		let res = await clickAndWait(page, submitOf('#case_number'));
		if (!res || res.status() !== 200) throw new Error(`saving answered ${res ? res.status() : 'nothing'}`);
		let row = sqlValue(`SELECT status || '|' || COALESCE(case_number, '') FROM submission WHERE id = ${flow.submission}`);
		if (row !== 'acknowledged|KFN 2026/88') throw new Error(`after acknowledging: ${row}`);
		if (!(await page.locator('main').innerText()).includes('KFN 2026/88')) throw new Error('the page does not show the case number');
		const answer = 'Tack! Förslaget tas med i arbetet med kulturstrategin, och vi bjuder in till ett möte i januari.';
		await page.fill('#answer', answer);
		res = await clickAndWait(page, submitOf('#answer'));
		if (!res || res.status() !== 200) throw new Error(`answering answered ${res ? res.status() : 'nothing'}`);
		row = sqlValue(`SELECT status || '|' || COALESCE(case_number, '') || '|' || answer FROM submission WHERE id = ${flow.submission}`);
		if (row !== `answered|KFN 2026/88|${answer}`) throw new Error(`after answering: ${row}`);
		await goto(page, '/arbetsko');
		if ((await page.locator(`table.work-queue tr[data-id="${flow.submission}"]`).count()) !== 0)
			throw new Error('the answered proposal is still in the work queue');
	}));

test('role: a coordinator goes from /min-sida to an overdue item in the queue and reminds the one responsible', () =>
	withAxe(async (page) => {
		await login(page, COORDINATOR_EMAIL);
		if (new URL(page.url()).pathname !== '/min-sida') throw new Error(`signing in ended at ${page.url()}`);
		const listed = await page.locator('#overdue li a[href^="/synpunkter/"]').evaluateAll((as) => as.map((a) => a.getAttribute('href').split('/').pop()));
		if (listed.length === 0) throw new Error('/min-sida lists no overdue item for the coordinator');
		// One the demo's official is responsible for (the other departments have no official).
		const id = sqlValue(`SELECT s.id FROM submission s JOIN account a ON a.department_id = s.department_id ` +
			`WHERE a.email = '${OFFICIAL_EMAIL}' AND s.id IN (${listed.join(',')}) ORDER BY s.id LIMIT 1`);
		await clickAndWait(page, 'a[href="/arbetsko"]'); // the menu's, or the section's "see the whole queue"
		const row = `table.work-queue tr[data-id="${id}"]`;
		if ((await page.locator(`${row}.overdue`).count()) === 0) throw new Error(`the queue does not mark ${id} as overdue`);
		const before = Number(sqlValue(`SELECT COUNT(*) FROM notification WHERE link LIKE '%/synpunkter/${id}%'`));
		const res = await clickAndWait(page, `${row} form[action="/synpunkter/${id}/paminn"] button`);
		if (!res || res.status() !== 200 || !page.url().includes(`paminde=${id}`)) throw new Error(`reminding ended at ${page.url()}`);
		const after = Number(sqlValue(`SELECT COUNT(*) FROM notification WHERE link LIKE '%/synpunkter/${id}%'`));
		if (after !== before + 1) throw new Error(`reminding made ${after - before} notifications linking to the submission, expected 1`);
		if (!(await page.locator('main').innerText()).includes('1 person responsible has been reminded.'))
			throw new Error('the queue does not say that one person was reminded');
		await axeCheck(page);
	}));

// ---- issue 13: action plans ----
// The demo's adopted plan of the official's department, and a draft made here for the forms.
const demoPlan = () => sqlValue(
	"SELECT p.id FROM action_plan p JOIN account a ON a.department_id = p.department_id " +
	"WHERE a.email = 'tjansteperson@exempel.se' AND p.state = 'adopted' ORDER BY p.id LIMIT 1");
const planAction = (plan) => sqlValue(`SELECT id FROM plan_action WHERE plan_id = ${plan} ORDER BY sort, id LIMIT 1`);

test('axe: action plans — the list and an adopted plan (public)', () =>
	withAxe(async (page) => {
		for (const path of ['/handlingsplaner', `/handlingsplaner?year=${new Date().getFullYear()}`, `/handlingsplaner/${demoPlan()}`]) {
			await goto(page, path);
			await axeCheck(page);
		}
	}));

test('axe: action plans — the list with the completion, a plan and its forms (official)', () =>
	withAxe(async (page) => {
		await login(page, OFFICIAL_EMAIL);
		const plan = demoPlan();
		const action = planAction(plan);
		for (const path of [`/handlingsplaner?year=${new Date().getFullYear()}`, `/handlingsplaner/${plan}`,
			'/handlingsplaner/ny', `/handlingsplaner/${plan}/redigera`, `/handlingsplaner/${plan}/anta`,
			`/handlingsplaner/${plan}/atgarder/ny`, `/handlingsplaner/${plan}/atgarder/${action}/redigera`,
			`/handlingsplaner/${plan}/atgarder/${action}/status`]) {
			await goto(page, path);
			await axeCheck(page);
		}
	}));

test('axe: action plans — the adopt and progress forms refused (official)', () =>
	withAxe(async (page) => {
		await login(page, OFFICIAL_EMAIL);
		const plan = demoPlan();
		await goto(page, `/handlingsplaner/${plan}/anta`);
		await page.fill('#adopted_on', '');
		await submitRefused(page, '#case_number', ['#adopted_on', '#case_number'], 'the adopt form');
		await axeCheck(page);
		await goto(page, `/handlingsplaner/${plan}/atgarder/${planAction(plan)}/status`);
		await page.fill('#noted_on', '2999-01-01');
		await submitRefused(page, '#text', ['#noted_on', '#text'], 'the progress form');
		await axeCheck(page);
	}));

// ---- issue 13: goals, their chart, the areas' API and links ----------------------------------------

// The demo's area run by the official's department, one of its goals, and a goal of another area.
const officialsArea = () => sqlValue(
	"SELECT ad.area_id FROM area_department ad JOIN account a ON a.department_id = ad.department_id " +
	"WHERE a.email = 'tjansteperson@exempel.se' ORDER BY ad.area_id LIMIT 1");
const goalOf = (area) => sqlValue(`SELECT id FROM goal WHERE area_id = ${area} ORDER BY id LIMIT 1`);
const goalNotOf = (area) => sqlValue(`SELECT id FROM goal WHERE area_id <> ${area} ORDER BY id LIMIT 1`);

// The chart is an image with a name and a description, and the same figures follow as a table.
async function assertGoalChart(page) {
	const chart = page.locator('main figure.chart svg[role="img"]');
	if ((await chart.count()) !== 1) throw new Error(`${page.url()}: no chart with role="img"`);
	const ids = ((await chart.getAttribute('aria-labelledby')) || '').split(/\s+/);
	const title = await chart.locator('title').first().getAttribute('id');
	const desc = await chart.locator('desc').first().getAttribute('id');
	if (ids.length !== 2 || ids[0] !== title || ids[1] !== desc)
		throw new Error(`${page.url()}: aria-labelledby "${ids.join(' ')}" does not name the <title> and <desc>`);
	const text = (await chart.locator('desc').textContent()).trim();
	if (!/\d.*, .*\d{4}-\d\d-\d\d/.test(text)) throw new Error(`${page.url()}: the chart's description does not say where it stands: ${text}`);
	if ((await page.locator('main figure.chart ~ .table-wrap table, main figure.chart ~ table').count()) === 0)
		throw new Error(`${page.url()}: no data table after the chart`);
}

test('axe: /samverkansomraden, an area and a goal page (public)', () =>
	withAxe(async (page) => {
		const area = officialsArea();
		for (const path of ['/samverkansomraden', `/samverkansomraden/${area}`, `/mal/${goalOf(area)}`]) {
			await goto(page, path);
			await axeCheck(page);
		}
		await assertGoalChart(page);
		// Every goal of the demo draws its chart (typed, computed and Kolada, one with a missing value).
		for (const goal of execFileSync('sqlite3', [dbPath, 'SELECT id FROM goal ORDER BY id'], { encoding: 'utf8' }).trim().split('\n')) {
			await goto(page, `/mal/${goal}`);
			await assertGoalChart(page);
			await axeCheck(page);
		}
	}));

test('axe: an area and a goal page with its forms (official)', () =>
	withAxe(async (page) => {
		await login(page, OFFICIAL_EMAIL);
		const area = officialsArea();
		await goto(page, `/samverkansomraden/${area}`);
		await axeCheck(page);
		await goto(page, `/mal/${goalOf(area)}`);
		if ((await page.locator(`form[action="/mal/${goalOf(area)}/varden"]`).count()) !== 1)
			throw new Error('the official who runs the area has no form to record a value');
		await assertGoalChart(page);
		await axeCheck(page);
	}));

test('axe: the area and goal forms refused with errors (official)', () =>
	withAxe(async (page) => {
		await login(page, OFFICIAL_EMAIL);
		await goto(page, '/samverkansomraden/ny');
		await submitRefused(page, '#title', ['#title'], 'a new area without a title');
		await axeCheck(page);
		const area = officialsArea();
		await goto(page, `/samverkansomraden/${area}/mal/ny`);
		await page.fill('#baseline_value', 'tio');
		await submitRefused(page, '#statement', ['#statement', '#baseline_value'], 'a new goal without a statement');
		await axeCheck(page);
		await goto(page, `/mal/${goalOf(area)}/redigera`);
		await page.fill('#statement', '');
		await submitRefused(page, '#statement', ['#statement'], 'a goal emptied');
		await axeCheck(page);
	}));

test('axe: a dialogue with a goal of another area is refused, what was typed kept (official)', () =>
	withAxe(async (page) => {
		await login(page, OFFICIAL_EMAIL);
		const area = officialsArea();
		await goto(page, '/dialoger/ny');
		await page.fill('#title', 'Mötesplatser på Munsö');
		await page.selectOption('#area_id', String(area));
		await page.selectOption('#goal_id', String(goalNotOf(area)));
		await submitRefused(page, '#title', ['#goal_id'], 'a dialogue with a goal of another area');
		if ((await page.inputValue('#title')) !== 'Mötesplatser på Munsö' || (await page.inputValue('#area_id')) !== String(area))
			throw new Error('the refused dialogue form lost what was typed');
		await axeCheck(page);
	}));
// ---- issue 13: report ----
// The yearly follow-up, public: the year's index, the whole municipality, one department and one
// committee (tables that reflow on a phone, the goals' charts, the download links).
for (const path of ['/uppfoljning', '/uppfoljning/2026', '/uppfoljning/2026?forvaltning=kultur-fritid',
	'/uppfoljning/2026?namnd=KFN'])
	test(`axe: follow-up ${path}`, () => withAxe(async (page) => { await goto(page, path); await axeCheck(page); }));

// ---- a fresh municipality set up with the keyboard alone (issue 11) ------------------------------
// These run after the demo's tests, on a database made by `init --municipality "Testby kommun"` with
// one administrator (main() switches the server). Every step is Tab, Shift+Tab, typing, Enter,
// Space and arrow keys; the database and the page are checked after each.

const FRESH_NAME = 'Testby kommun';
const FRESH_ADMIN = 'admin@testby.se';
const FRESH_PASSWORD = 'testby-admin-lösenord';
const FRESH_OFFICIAL = 'handlaggare@testby.se';
const FRESH_OFFICIAL_PASSWORD = 'handläggarens-lösenord';
const COMMITTEES = [['Fritidsnämnden', 'fn'], ['Omsorgsnämnden', 'on']];
const DEPARTMENTS = [ // name, code, committee (index into COMMITTEES), contact e-mail
	['Fritidsförvaltningen', 'fritid', 0, 'fritid@testby.se'],
	['Kulturförvaltningen', 'kultur', 0, 'kultur@testby.se'],
	['Omsorgsförvaltningen', 'omsorg', 1, 'omsorg@testby.se'],
];
const DISTRICTS = [['Centrum', '123 45'], ['Norrby', '123 46, 123 47'], ['Söderby', '123 50'], ['Västerby', '123 60']];
const ALIAS = ['icnpo1', 'Fritidsföreningar i Testby'];
const DIALOGUE_TITLE = 'Nya spår i Norrbyskogen';
const FRESH_ORG = 'Testby Orienteringsklubb';

const freshTests = [];
const freshTest = (name, fn) => freshTests.push({ name, fn });

// Every page seen on the fresh database, to check that none names the demo's municipality.
const freshPages = [];
let demoPlaces = []; // the demo's district names, read from its database before the switch
async function record(page) {
	freshPages.push({ url: page.url(), html: await page.content() });
}
async function visit(page, path) {
	await goto(page, path);
	await record(page);
}

const sqlQuote = (s) => `'${s.replace(/'/g, "''")}'`;

async function keyboardLogin(page, email, password) {
	await goto(page, '/logga-in');
	await tabTo(page, '#email', 30);
	await page.keyboard.type(email);
	await page.keyboard.press('Tab');
	if ((await activeInfo(page)).id !== 'password') throw new Error(`Tab from #email went to ${(await activeInfo(page)).desc}`);
	await page.keyboard.type(password);
	const [res] = await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
	await assertLoggedIn(page, res);
	await record(page);
}

// Tab to a field, replace what it holds with the text.
async function keyType(page, selector, text) {
	await tabTo(page, selector);
	await page.keyboard.press('Control+A');
	await page.keyboard.press('Delete');
	await page.keyboard.type(text);
}

// Tab to a <select> and move its choice with the arrow keys to the option labelled `label`.
async function keySelect(page, selector, label) {
	await tabTo(page, selector);
	const { at, want } = await page.evaluate(([sel, l]) => {
		const s = document.querySelector(sel);
		return { at: s.selectedIndex, want: [...s.options].findIndex((o) => o.text.trim() === l) };
	}, [selector, label]);
	if (want < 0) throw new Error(`${selector} has no option '${label}'`);
	for (let i = at; i < want; i++) await page.keyboard.press('ArrowDown');
	for (let i = at; i > want; i--) await page.keyboard.press('ArrowUp');
	const chosen = await page.evaluate((sel) => document.querySelector(sel).selectedOptions[0]?.text.trim(), selector);
	if (chosen !== label) throw new Error(`the arrow keys chose '${chosen}' in ${selector}, not '${label}'`);
}

// Tab to the submit button of the form holding `field`, press Enter, and wait for the answer.
async function keySubmit(page, field, expectStatus = 200) {
	await tabTo(page, submitOf(field));
	const [res] = await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
	if (!res || res.status() !== expectStatus)
		throw new Error(`submitting at ${page.url()} answered ${res ? res.status() : 'nothing'}, expected ${expectStatus}`);
	await record(page);
	return res;
}

async function assertNotice(page, path) {
	const url = new URL(page.url());
	if (url.pathname !== path) throw new Error(`after saving the browser is at ${page.url()}, not ${path}`);
	if ((await page.locator('main [role="status"]').count()) === 0) throw new Error(`${page.url()} shows no notice of what was saved`);
}

const keyboardAdmin = (fn) =>
	withContext({}, async (page) => {
		await keyboardLogin(page, FRESH_ADMIN, FRESH_PASSWORD);
		await fn(page);
	});

freshTest('fresh: axe on the start page with the Kom igång checklist (admin)', () =>
	withAxe(async (page) => {
		await login(page, FRESH_ADMIN, FRESH_PASSWORD);
		await goto(page, '/');
		if ((await page.locator('main section.setup h2').innerText()).trim() !== 'Kom igång')
			throw new Error('the start page has no "Kom igång" checklist');
		await record(page);
		await axeCheck(page);
	}));

freshTest('keyboard only (fresh): sign in, follow the checklist to the profile and save it', () =>
	keyboardAdmin(async (page) => {
		await visit(page, '/');
		if ((await page.locator('main section.setup li.todo').count()) < 4)
			throw new Error('the checklist does not list what is left to do');
		if (!(await page.locator('header').innerText()).includes(FRESH_NAME)) throw new Error(`the header does not name ${FRESH_NAME}`);
		await tabTo(page, 'main section.setup a[href="/admin/kommun"]');
		const [res] = await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
		if (!res || res.status() !== 200) throw new Error(`the checklist's link answered ${res ? res.status() : 'nothing'}`);
		await record(page);
		if ((await page.inputValue('#name')) !== FRESH_NAME) throw new Error(`the profile's name is not ${FRESH_NAME}`);
		await keyType(page, '#email', 'kommun@testby.se');
		await keyType(page, '#a11y_contact', 'tillganglighet@testby.se');
		await keySubmit(page, '#email');
		await assertNotice(page, '/admin/kommun');
		const stored = sqlValue("SELECT group_concat(name || '=' || value, '|') FROM (SELECT name, value FROM setting " +
			"WHERE name IN ('municipality.name', 'municipality.email', 'municipality.a11y_contact') ORDER BY name)");
		const want = 'municipality.a11y_contact=tillganglighet@testby.se|municipality.email=kommun@testby.se|municipality.name=Testby kommun';
		if (stored !== want) throw new Error(`stored ${stored}, expected ${want}`);
	}));

freshTest('keyboard only (fresh): two committees', () =>
	keyboardAdmin(async (page) => {
		for (const [name, code] of COMMITTEES) {
			await visit(page, '/admin/namnder');
			await keyType(page, '#name', name);
			await keyType(page, '#code', code);
			await keySubmit(page, '#name');
			await assertNotice(page, '/admin/namnder');
			if (!(await page.locator('main table').innerText()).includes(name)) throw new Error(`the list does not show ${name}`);
			sqlValue(`SELECT id FROM committee WHERE name = ${sqlQuote(name)} AND code = ${sqlQuote(code)} AND retired_at IS NULL`);
		}
		if (sqlValue('SELECT count(*) FROM committee') !== '2') throw new Error('not exactly two committees');
	}));

freshTest('keyboard only (fresh): three departments, each with its committee chosen in the select', () =>
	keyboardAdmin(async (page) => {
		for (const [name, code, committee, email] of DEPARTMENTS) {
			await visit(page, '/admin/forvaltningar');
			await keyType(page, '#name', name);
			await keyType(page, '#code', code);
			await keySelect(page, '#committee_id', COMMITTEES[committee][0]);
			await keyType(page, '#contact_email', email);
			await keySubmit(page, '#name');
			await assertNotice(page, '/admin/forvaltningar');
			const row = sqlValue(`SELECT d.code || '|' || c.name || '|' || d.contact_email FROM department d ` +
				`JOIN committee c ON c.id = d.committee_id WHERE d.name = ${sqlQuote(name)}`);
			if (row !== `${code}|${COMMITTEES[committee][0]}|${email}`) throw new Error(`${name} stored as ${row}`);
		}
		if (sqlValue('SELECT count(*) FROM department') !== '3') throw new Error('not exactly three departments');
	}));

freshTest('keyboard only (fresh): four districts with postcodes', () =>
	keyboardAdmin(async (page) => {
		for (const [name, postcodes] of DISTRICTS) {
			await visit(page, '/admin/omraden');
			await keyType(page, '#name_sv', name);
			await keyType(page, '#postcodes', postcodes);
			await keySubmit(page, '#name_sv');
			await assertNotice(page, '/admin/omraden');
			// Stored as five digits; the page shows them as typed, "123 45".
			const stored = sqlValue(`SELECT group_concat(p.postcode, ',') FROM (SELECT dp.postcode FROM district_postcode dp ` +
				`JOIN district d ON d.code = dp.district_code WHERE d.name_sv = ${sqlQuote(name)} ORDER BY dp.postcode) p`);
			if (stored !== postcodes.replace(/ /g, '')) throw new Error(`${name}: postcodes stored as '${stored}', typed '${postcodes}'`);
			const shown = await page.locator('main table tr', { hasText: name }).innerText();
			for (const p of postcodes.split(', ')) if (!shown.includes(p)) throw new Error(`the list shows ${name} without ${p}: ${shown}`);
		}
		if (sqlValue('SELECT count(*) FROM district WHERE retired_at IS NULL') !== '4') throw new Error('not exactly four districts');
	}));

freshTest('keyboard only (fresh): an alias at /admin/kategorier', () =>
	keyboardAdmin(async (page) => {
		await visit(page, '/admin/kategorier');
		const [term, alias] = ALIAS;
		await keyType(page, '#term', term);
		await keyType(page, '#alias', alias);
		await keySubmit(page, '#alias');
		await assertNotice(page, '/admin/kategorier');
		if (!(await page.locator('main').innerText()).includes(alias)) throw new Error('the page does not list the new alias');
		const row = sqlValue(`SELECT taxonomy || '|' || term_code FROM term_alias WHERE alias = ${sqlQuote(alias)}`);
		if (row !== `category|${term}`) throw new Error(`the alias is stored as ${row}`);
	}));

freshTest('keyboard only (fresh): invite an official of a department', () =>
	keyboardAdmin(async (page) => {
		await visit(page, '/admin/konton/bjud-in');
		await keyType(page, '#email', FRESH_OFFICIAL);
		// The role group: Tab lands on the checked radio; the arrow keys would move it. An official is the default.
		await tabTo(page, '#role-official');
		await page.keyboard.press('Space');
		await keySelect(page, '#department', DEPARTMENTS[1][0]);
		await keySubmit(page, '#email');
		await assertNotice(page, '/admin/konton/bjud-in');
		const n = sqlValue(`SELECT count(*) FROM outbox WHERE to_address = ${sqlQuote(FRESH_OFFICIAL)} AND body_text LIKE '%/konto/personalinbjudan?token=%'`);
		if (n !== '1') throw new Error(`${n} invitation e-mails to ${FRESH_OFFICIAL} in the outbox, expected 1`);
	}));

freshTest('fresh: axe on the invitation link\'s page', () =>
	withAxe(async (page) => {
		await visit(page, `/konto/personalinbjudan?token=${lastToken(FRESH_OFFICIAL, '/konto/personalinbjudan')}`);
		await axeCheck(page);
	}));

freshTest('keyboard only (fresh): the invited official sets name and password, signs in and opens a dialogue', () =>
	withContext({}, async (page) => {
		await visit(page, `/konto/personalinbjudan?token=${lastToken(FRESH_OFFICIAL, '/konto/personalinbjudan')}`);
		await keyType(page, '#name', 'Hedda Handläggare');
		await page.keyboard.press('Tab');
		if ((await activeInfo(page)).id !== 'password') throw new Error(`Tab from #name went to ${(await activeInfo(page)).desc}`);
		await page.keyboard.type(FRESH_OFFICIAL_PASSWORD);
		let [res] = await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
		if (!res || res.status() !== 200) throw new Error(`accepting answered ${res ? res.status() : 'nothing'}`);
		await record(page);
		if ((await page.locator('main a[href="/logga-in"]').count()) !== 1) throw new Error('the account-ready page has no link to log in');
		const account = sqlValue(`SELECT a.name || '|' || a.role || '|' || d.code FROM account a JOIN department d ` +
			`ON d.id = a.department_id WHERE a.email = ${sqlQuote(FRESH_OFFICIAL)}`);
		if (account !== `Hedda Handläggare|official|${DEPARTMENTS[1][1]}`) throw new Error(`the account is ${account}`);

		await keyboardLogin(page, FRESH_OFFICIAL, FRESH_OFFICIAL_PASSWORD);
		await visit(page, '/dialoger/ny');
		await keyType(page, '#title', DIALOGUE_TITLE);
		await keyType(page, '#question', 'Var ska de nya motionsspåren dras, och hur ska de märkas?');
		const department = await page.evaluate(() => document.querySelector('#department_id').selectedOptions[0]?.text.trim());
		if (department !== DEPARTMENTS[1][0]) throw new Error(`the official's department in the form is '${department}'`);
		// Each scale: Tab into the group, Space chooses its first step.
		for (const radio of ['#skr_level-information', '#coe_level-information', '#decision_stage-agenda']) {
			await tabTo(page, radio);
			await page.keyboard.press('Space');
		}
		res = await keySubmit(page, '#title');
		const m = new URL(page.url()).pathname.match(/^\/dialoger\/(\d+)$/);
		if (!m) throw new Error(`saving the dialogue ended at ${page.url()}`);
		if (!(await page.locator('main h1').innerText()).includes(DIALOGUE_TITLE)) throw new Error('the dialogue page does not show its title');
		const row = sqlValue(`SELECT d.title || '|' || dep.code || '|' || d.skr_level FROM dialogue d JOIN department dep ` +
			`ON dep.id = d.department_id WHERE d.id = ${m[1]}`);
		if (row !== `${DIALOGUE_TITLE}|${DEPARTMENTS[1][1]}|information`) throw new Error(`the dialogue is stored as ${row}`);
	}));

freshTest('keyboard only (fresh): the first organisation through the form, and the checklist is gone', () =>
	keyboardAdmin(async (page) => {
		await visit(page, '/');
		if ((await page.locator('main section.setup li.todo').count()) !== 1)
			throw new Error('before the first organisation, the checklist should have exactly one item left');
		await visit(page, '/organisationer/ny');
		await keyType(page, '#name', FRESH_ORG);
		await keySelect(page, '#legal_form', 'Ideell förening');
		await keyType(page, '#postcode', '12346');
		await keySubmit(page, '#name');
		if (!/^\/organisationer\/\d+$/.test(new URL(page.url()).pathname)) throw new Error(`saving ended at ${page.url()}`);
		const row = sqlValue(`SELECT o.legal_form || '|' || o.postcode || '|' || (SELECT group_concat(district_code) ` +
			`FROM organisation_district WHERE organisation_id = o.id) FROM organisation o WHERE o.name = ${sqlQuote(FRESH_ORG)}`);
		const norrby = sqlValue("SELECT code FROM district WHERE name_sv = 'Norrby'");
		if (!row.endsWith(`|123 46|${norrby}`)) throw new Error(`the organisation is stored as ${row}; its postcode should place it in Norrby`);
		await visit(page, '/');
		if ((await page.locator('main section.setup').count()) !== 0) throw new Error('the checklist is still on the start page');
	}));

freshTest('fresh: axe on every set-up page, as admin and as the official', () =>
	withAxe(async (page) => {
		await login(page, FRESH_ADMIN, FRESH_PASSWORD);
		const committee = sqlValue('SELECT id FROM committee ORDER BY id LIMIT 1');
		const department = sqlValue('SELECT id FROM department ORDER BY id LIMIT 1');
		const district = sqlValue('SELECT code FROM district ORDER BY sort, code LIMIT 1');
		for (const path of ['/', '/admin/kommun', '/admin/namnder', `/admin/namnder/${committee}`, '/admin/forvaltningar',
			`/admin/forvaltningar/${department}`, '/admin/omraden', `/admin/omraden/${district}`, '/admin/kategorier',
			'/admin/konton/bjud-in', '/organisationer/ny', '/organisationer', '/tillganglighet']) {
			await visit(page, path);
			await axeCheck(page);
		}
		await page.context().clearCookies();
		await login(page, FRESH_OFFICIAL, FRESH_OFFICIAL_PASSWORD);
		for (const path of ['/dialoger/ny', `/dialoger/${sqlValue('SELECT id FROM dialogue ORDER BY id LIMIT 1')}`]) {
			await visit(page, path);
			await axeCheck(page);
		}
	}));

freshTest('fresh: no page names the demo municipality', () => {
	if (freshPages.length < 20) throw new Error(`only ${freshPages.length} pages were recorded`);
	if (demoPlaces.length === 0) throw new Error('the demo\'s district names were not read');
	// "till exempel" (for example) is ordinary Swedish; "exempel" otherwise is the demo's (exempel.se).
	const demo = new RegExp(`Ekerö|(?<!till )exempel|${demoPlaces.map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')}`, 'i');
	const found = [];
	for (const { url, html } of freshPages) {
		const m = html.match(demo);
		if (m) found.push(`${url}: '${html.slice(Math.max(0, m.index - 60), m.index + 60).replace(/\s+/g, ' ')}'`);
	}
	if (found.length) throw new Error(`pages on the fresh database name the demo:\n${found.join('\n')}`);
	return Promise.resolve();
});

// ---- run ---------------------------------------------------------------------------------------

// Runs each test, counting and reporting; a failure does not stop the others.
// BROWSER_ONLY, a regular expression, runs only the tests whose names match (while working on them).
const only = process.env.BROWSER_ONLY ? new RegExp(process.env.BROWSER_ONLY) : null;
async function runAll(list) {
	for (const t of list) {
		if (only && !only.test(t.name)) continue;
		const started = Date.now();
		try {
			await t.fn();
			passed++;
			console.log(`ok   ${t.name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
		} catch (e) {
			failed++;
			console.log(`FAIL ${t.name}\n  ${String(e.message || e).split('\n').join('\n  ')}`);
		}
	}
}

function cli(args, env = {}) {
	try {
		execFileSync(SAMVERKAN, args, { stdio: ['ignore', 'ignore', 'pipe'], timeout: 60_000, env: { ...process.env, ...env } });
	} catch (e) {
		throw new Error(`'samverkan ${args[0]}' failed: ${e.stderr?.toString() || e.message}`);
	}
}

async function main() {
	tmp = mkdtempSync(join(tmpdir(), 'samverkan-browser-'));
	dbPath = join(tmp, 'test.db');
	const serverLog = join(tmp, 'server.log');
	cli(['demo', '--db', dbPath]);
	base = await startServer(dbPath, await freePort(), serverLog);
	browser = await chromium.launch({
		executablePath: CHROMIUM,
		headless: true,
		timeout: 30_000,
		// Playwright gives every launch a fresh, empty profile (--user-data-dir) of its own.
		args: [
			'--headless',
			'--no-sandbox',
			'--disable-gpu',
			'--disable-quic',
			'--no-first-run',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync',
		],
	});
	await runAll(tests);

	// A municipality of its own: no demo, one administrator, set up from the web.
	demoPlaces = execFileSync('sqlite3', [dbPath, 'SELECT name_sv FROM district'], { encoding: 'utf8', timeout: 10_000 })
		.split('\n').map((s) => s.trim()).filter(Boolean);
	await stopServer();
	dbPath = join(tmp, 'fresh.db');
	cli(['init', '--db', dbPath, '--municipality', FRESH_NAME]);
	cli(['user', 'add', '--db', dbPath, '--email', FRESH_ADMIN, '--name', 'Admin', '--role', 'admin'],
		{ SAMVERKAN_PASSWORD: FRESH_PASSWORD });
	base = await startServer(dbPath, await freePort(), serverLog);
	locale = 'sv-SE'; // as the municipality's staff see it: "Kom igång", the Swedish names of the terms
	await runAll(freshTests);
	if (failed) {
		const log = readFileSync(serverLog, 'utf8').trim();
		if (log) console.log(`--- samverkan serve output ---\n${log.split('\n').slice(-30).join('\n')}`);
	}
}

let code = 0;
try {
	await main();
} catch (e) {
	failed++;
	console.log(`FAIL setup: ${e.message || e}`);
} finally {
	if (browser) await browser.close().catch(() => {});
	await stopServer();
	if (tmp) rmSync(tmp, { recursive: true, force: true });
	clearTimeout(watchdog);
}
console.log(`browser: ${passed} passed, ${failed} failed`);
code = failed ? 1 : 0;
process.exit(code);
