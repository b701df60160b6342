import iconv from 'iconv-lite';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { victimLists } from '../samples.js';
import { logIn } from '../chromium.js';
import { INVESTIGATOR, launchChromium, startServer, type RunningServer } from './server.js';

describe('web application in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  const outside: string[] = [];

  beforeAll(async () => {
    server = await startServer();
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function newPage(lang: 'en' | 'fa' = 'en'): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await context.addInitScript((l) => localStorage.setItem('lang', l), lang);
    const page = await context.newPage();
    // Record every request that leaves this server: there must be none (no tiles, fonts or analytics).
    page.on('request', (request) => {
      if (!request.url().startsWith(server.url) && !request.url().startsWith('data:'))
        outside.push(request.url());
    });
    return page;
  }

  const login = (page: Page) => logIn(page, server.url, INVESTIGATOR);

  it('logs in and opens the demo case', async () => {
    const page = await newPage();
    await login(page);
    await page.getByRole('link', { name: '1988 prison massacres (demo)' }).click();
    await expect.poll(() => page.locator('h1').first().textContent()).toBe('1988 prison massacres (demo)');
    await page.context().close();
  });

  it('creates a person with a Solar Hijri date and shows it in both calendars, then in Persian right to left', async () => {
    const page = await newPage();
    await login(page);
    await page.goto(`${server.url}/cases/${server.caseId}/people/new`);
    await page.getByLabel('Name 1', { exact: true }).fill('Test Person Ahmadzadeh');
    await page.getByLabel('Date of birth').fill('8 Mordad 1367');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(/\/people\/[0-9a-f-]{36}$/);
    const birth = page.locator('.fact', { hasText: 'Date of birth' });
    await expect.poll(() => birth.textContent()).toContain('30 July 1988');
    expect(await birth.textContent()).toContain('8 Mordad 1367');

    await page.getByLabel('Language').first().selectOption('fa');
    await expect.poll(() => page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('fa');
    const persianBirth = page.locator('.fact', { hasText: 'تاریخ تولد' });
    await expect.poll(() => persianBirth.textContent()).toContain('۸ مرداد ۱۳۶۷');
    expect(await persianBirth.textContent()).toContain('۳۰ ژوئیه ۱۹۸۸');
    await page.context().close();
  });

  it('shows the server’s field errors under the fields', async () => {
    const page = await newPage();
    await login(page);
    await page.goto(`${server.url}/cases/${server.caseId}/people/new`);
    await page.getByLabel('Name 1', { exact: true }).fill('Someone');
    await page.getByLabel('Date of birth').fill('30 Esfand 1367');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => page.locator('#field-birthDate-error').textContent()).toContain('30 Esfand 1367');
    await page.context().close();
  });

  it('shows every published death toll side by side with its source', async () => {
    const page = await newPage();
    await login(page);
    await page.goto(`${server.url}/cases/${server.caseId}`);
    const table = page.locator('[data-property="death_toll"]');
    await expect.poll(() => table.locator('tbody tr').count()).toBe(8);
    // Sources and excerpts load after the claims.
    await expect.poll(() => table.textContent()).toContain('Blood-soaked secrets');
    const text = (await table.textContent()) ?? '';
    for (const figure of [
      'fewer than 1,000',
      'at least 2,000',
      '2,800 or 3,800',
      'about 4,500–5,000',
      'at least 4,000–5,000',
      'at least 4,000',
      '30,000',
    ])
      expect(text).toContain(figure);
    for (const who of [
      'Akbar Hashemi Rafsanjani',
      'Hossein-Ali Montazeri',
      'Iran Tribunal',
      'Amnesty International and Justice for Iran',
      'JVMI',
    ])
      expect(text).toContain(who);
    for (const source of [
      'Iran: Violations of Human Rights 1987–1990',
      'Memoir of Hossein-Ali Montazeri',
      'Blood-soaked secrets',
    ])
      expect(text).toContain(source);
    await page.context().close();
  });

  it('lets an anonymous visitor find a victim by a variant spelling and by Persian script', async () => {
    const page = await newPage();
    await page.goto(server.url);
    await page.getByRole('searchbox').fill('hosein rezaee');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('link', { name: 'Hossein Rezaei' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Hossein Rezaei');
    expect(await page.locator('article').textContent()).toContain('Khavaran cemetery');
    expect(await page.locator('article').textContent()).toContain('probable');

    await page.goto(`${server.url}/?q=${encodeURIComponent('حسين رضايي')}`);
    await expect.poll(() => page.locator('.cards a').allTextContents()).toContain('Hossein Rezaei');
    await page.context().close();
  });

  it('keeps an anonymous visitor away from every non-public record, also by guessed URLs and API ids', async () => {
    const hidden = await server.ctx.store.db
      .selectFrom('people')
      .select('id')
      .where('sensitivity', '!=', 'public')
      .execute();
    expect(hidden.length).toBeGreaterThan(0);
    const page = await newPage();
    await page.goto(`${server.url}/?q=Zahra`);
    await expect.poll(() => page.getByRole('status').textContent()).toContain('0');
    for (const { id } of hidden) {
      await page.goto(`${server.url}/memorial/${id}`);
      await expect.poll(() => page.locator('main').textContent()).toContain('Not found');
      await page.goto(`${server.url}/cases/${server.caseId}/people/${id}`);
      await expect.poll(() => page.locator('main').textContent()).toMatch(/Not found/);
      for (const path of [`/api/public/people/${id}`, `/api/cases/${server.caseId}/people/${id}`]) {
        const response = await page.request.get(server.url + path);
        expect(response.status(), path).toBe(404);
        expect(await response.text()).not.toContain('Zahra');
      }
    }
    const listing = await page.request.get(`${server.url}/api/cases/${server.caseId}/people?limit=500`);
    const items = ((await listing.json()) as { items: Array<{ sensitivity: string }> }).items;
    expect(items.every((p) => p.sensitivity === 'public')).toBe(true);
    await page.context().close();
  });

  it('estimates from a pasted capture-pattern table and shows the documented count beside the estimate', async () => {
    const { readFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const csv = readFileSync(
      join(import.meta.dirname, '..', '..', '..', 'shared', 'benchmarks', 'capture', 'lesbian_lists.csv'),
      'utf8',
    );
    const page = await newPage();
    await login(page);
    await page.goto(`${server.url}/cases/${server.caseId}/estimates`);
    await page.getByLabel('Title of this run').fill('Reference lists');
    await page.getByLabel('Capture-pattern table', { exact: true }).fill(csv);
    await page.getByRole('button', { name: 'Estimate and record' }).click();
    const headline = page.locator('.headline');
    await expect.poll(() => headline.textContent()).toContain('6,349');
    expect(await headline.textContent()).toContain('2,185');
    expect(await page.locator('.run').textContent()).toContain('[12,14,23,24,34]');
    await expect.poll(() => page.locator('.overlap rect').count()).toBe(15);

    // The latent-class model, with a seed: its posterior and the chains' traces are drawn.
    await page.getByLabel('Title of this run').fill('Reference lists, LCMCR');
    await page.getByLabel('Method').selectOption('lcmcr');
    await page.getByLabel('Random seed').fill('3');
    await page.getByRole('button', { name: 'Estimate and record' }).click();
    await expect.poll(() => page.locator('.posterior rect').count(), { timeout: 30_000 }).toBe(40);
    expect(await page.locator('.traces polyline').count()).toBe(2);
    expect(await page.locator('.run').textContent()).toContain('Random seed: 3');
    await page.context().close();
  });

  it('imports a list saved by older Excel: Windows-1256 chosen by the importer, semicolons found, a shifted row kept', async () => {
    const page = await newPage();
    await login(page);
    await page.goto(`${server.url}/cases/${server.caseId}/registry`);
    // Semicolons (a spreadsheet set to a Persian locale), Arabic letter forms, and a name with a stray semicolon.
    const csv = 'id;name;born\r\nw1;حسين رضايي;1340\r\nw2;كريمي; مريم;1345\r\n';
    await page
      .getByLabel('File')
      .setInputFiles({ name: 'legacy.csv', mimeType: 'text/csv', buffer: iconv.encode(csv, 'windows-1256') });
    // Not UTF-8: refused as it is, with no guess.
    await expect
      .poll(() => page.locator('form.import-wizard .error').count(), { timeout: 30_000 })
      .toBeGreaterThan(0);
    expect(await page.getByText('rows found').count()).toBe(0);
    await page.getByLabel('Text encoding').selectOption('windows-1256');
    await expect.poll(() => page.getByText('2 rows found').count(), { timeout: 30_000 }).toBe(1);
    await page.getByLabel('Read column name as').selectOption('full_name');
    await page.getByLabel('Read column born as').selectOption('birth_year');
    const checking = page.waitForRequest(
      (r) => r.method() === 'POST' && r.url().endsWith(`/api/cases/${server.caseId}/lists`),
    );
    await page.getByRole('button', { name: 'Check without importing' }).click();
    expect((await checking).postDataJSON()).toMatchObject({ encoding: 'windows-1256', dryRun: true });
    const status = page.locator('form.import-wizard [role=status]');
    await expect.poll(() => status.textContent()).toContain('2 rows read');
    expect(await status.textContent()).toContain('cells are separated by semicolons');
    expect(await status.textContent()).toContain('read as windows-1256, as stated');
    expect(await status.textContent()).toContain('More cells than the header');
    expect(await status.textContent()).toContain('حسين رضايي');
    await page.context().close();
  });

  it('imports a victim list through the wizard, checking before writing and naming bad cells', async () => {
    const page = await newPage();
    await login(page);
    await page.goto(`${server.url}/cases/${server.caseId}/registry`);
    const csv = 'id,name,born\nr1,حسین رضایی,1340\nr2,Maryam Karimi,1345\n';
    await page
      .getByLabel('File')
      .setInputFiles({ name: 'ngo-list.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    // The file is read in a worker with memory and time limits; from TypeScript source it starts slowly.
    await expect.poll(() => page.getByText('2 rows found').count(), { timeout: 30_000 }).toBe(1);
    await page.getByLabel('Read column name as').selectOption('full_name');
    await page.getByLabel('Read column born as').selectOption('birth_date');
    // The year of the list's events is the importer's to state: left empty, none is sent.
    expect(await page.getByLabel("Year of the list's events (optional)").inputValue()).toBe('');
    const checking = page.waitForRequest(
      (r) => r.method() === 'POST' && r.url().endsWith(`/api/cases/${server.caseId}/lists`),
    );
    await page.getByRole('button', { name: 'Check without importing' }).click();
    expect((await checking).postDataJSON()).not.toHaveProperty('eventYear');
    await expect.poll(() => page.getByRole('status').textContent()).toContain('2 rows read');
    expect(await page.getByRole('status').textContent()).toContain('1340');
    expect(await page.getByRole('status').textContent()).toContain('No cell was flagged.');
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await expect.poll(() => page.locator('table').first().textContent()).toContain('ngo-list');
    await expect.poll(() => page.locator('ul.registry > li').count()).toBe(2);

    // A bad cell does not refuse the list: it is imported, and the report names the cell as written.
    const bad = 'id,name,born\nr1,Parviz Tabrizy,21/13/1960\n';
    await page
      .getByLabel('File')
      .setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
    await expect.poll(() => page.getByText('1 rows found').count()).toBe(1);
    // Same columns as the list just imported: its mapping is offered again.
    expect(await page.getByText('its mapping has been filled in').count()).toBe(1);
    expect(await page.getByLabel('Read column name as').inputValue()).toBe('full_name');
    expect(await page.getByLabel('Read column born as').inputValue()).toBe('birth_date');
    await page.getByLabel('Name of the list').fill('bad');
    // A year that is not four digits is explained, and nothing is sent; Persian digits are read as digits.
    const eventYear = page.getByLabel("Year of the list's events (optional)");
    await eventYear.fill('88');
    await page.getByRole('button', { name: 'Check without importing' }).click();
    await expect
      .poll(() => page.locator('form.import-wizard .error').textContent())
      .toContain('Write the year as four digits');
    await eventYear.fill('۱۹۸۸');
    const importing = page.waitForRequest(
      (r) => r.method() === 'POST' && r.url().endsWith(`/api/cases/${server.caseId}/lists`),
    );
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    expect((await importing).postDataJSON()).toMatchObject({ eventYear: 1988, dryRun: false });
    await expect
      .poll(() => page.locator('form.import-wizard [role=status]').textContent())
      .toContain('Imported 1 rows');
    const flagged = page.locator('form.import-wizard [role=status] table.flagged-cells');
    await expect.poll(() => flagged.textContent()).toContain('21/13/1960');
    expect(await flagged.textContent()).toContain('No such month: only the year is kept');
    expect(await page.locator('form.import-wizard [role=status]').textContent()).toContain(
      '1 flagged cells on 1 rows',
    );
    await expect.poll(() => page.locator('table').first().textContent()).toContain('bad');

    // The list's report, in Persian too, and a correction of the flagged cell.
    const row = page.locator('table').first().locator('tr', { hasText: 'bad.csv' });
    await row.getByRole('button', { name: 'Show the import report' }).click();
    const report = page.locator('section.list-report');
    await expect.poll(() => report.textContent()).toContain('Import report of bad');
    expect(await report.textContent()).toContain('21/13/1960 — No such month: only the year is kept');
    await page.getByLabel('Language').first().selectOption('fa');
    await expect.poll(() => page.locator('html').getAttribute('dir')).toBe('rtl');
    await expect.poll(() => report.textContent()).toContain('چنین ماهی نیست: تنها سال نگه داشته شد');
    expect(await report.textContent()).toContain('گزارش ورود bad');
    await page.getByLabel('زبان').first().selectOption('en');
    await report.getByLabel('Corrected value of column born').fill('21/12/1960');
    await report.getByLabel('Why (a source, an OCR error)').fill('month misread');
    await report.getByRole('button', { name: 'Save the correction' }).click();
    await expect.poll(() => report.textContent()).toContain('"21/13/1960" corrected to "21/12/1960"');
    expect(await report.textContent()).toContain('No cell was flagged.');
    await page.context().close();
  });

  it('links the lists, takes and undoes a reviewer decision, and adds the people to the case once', async () => {
    const page = await newPage();
    await login(page);
    const files = victimLists();
    const lists = [
      { key: 'a', id: 'id', mapping: { name: 'full_name', father: 'father_name', born: 'birth_year' } },
      {
        key: 'b',
        id: 'ref',
        mapping: { 'full name': 'full_name', father: 'father_name', 'year of birth': 'birth_year' },
      },
      { key: 'c', id: 'no', mapping: { name: 'full_name', 'birth year': 'birth_year' } },
    ] as const;
    for (const l of lists) {
      const response = await page.request.post(`${server.url}/api/cases/${server.caseId}/lists`, {
        data: {
          name: `List ${l.key.toUpperCase()}`,
          fileName: `${l.key}.csv`,
          format: 'csv',
          content: Buffer.from(files[l.key]).toString('base64'),
          idColumn: l.id,
          mapping: l.mapping,
        },
      });
      expect(response.status(), await response.text()).toBe(201);
    }
    // And a row whose name was lost: kept, left out of the count, and said so on the estimate page.
    const namesake = 'id,name,father,born\nd3,Reza Ahmadi,Ali,1959\nd4,,Hassan,1960\n';
    const d = await page.request.post(`${server.url}/api/cases/${server.caseId}/lists`, {
      data: {
        name: 'List D',
        fileName: 'd.csv',
        format: 'csv',
        content: Buffer.from(namesake).toString('base64'),
        idColumn: 'id',
        mapping: { name: 'full_name', father: 'father_name', born: 'birth_year' },
      },
    });
    expect(d.status(), await d.text()).toBe(201);

    await page.goto(`${server.url}/cases/${server.caseId}/registry`);
    // The plan comes first: the pairs each blocking rule makes, before anything is compared.
    const plan = page.locator('table.link-plan');
    await expect.poll(() => plan.textContent()).toContain('Total (a pair that two rules find counts twice)');
    // Rules chosen for the fields the case's lists have (the victim-list rules, or rules derived from the
    // fields when other lists bring full dates), each named in words, never by a field's internal key.
    expect(await plan.textContent()).toMatch(/Given name (\+|⇄) Surname/);
    expect(await plan.textContent()).not.toMatch(/birth_year|birth_date|given start|⇄ surname|surname near/);
    expect(await plan.textContent()).toContain('Given name + Surname (one letter off)');
    await page.getByRole('button', { name: 'Link now' }).click();
    // The run goes on in the background: a progress bar named by its stage, with the percentage in words.
    const bar = await page.waitForSelector('progress[aria-labelledby="link-progress-stage"]');
    expect(await bar.getAttribute('aria-valuetext')).toMatch(/^[A-Z][a-z ()]+(: \d+ %)?$/);
    await expect
      .poll(() => page.getByRole('status').last().textContent(), { timeout: 30_000 })
      .toContain('people');
    // The pair to decide: the namesakes Reza Ahmadi son of Ali and son of Hassan when the linkage was unsure
    // of them (joined through other rows, or not), else the first pair of the queue.
    const pairs = page.locator('.review-pair');
    await expect.poll(() => pairs.count()).toBeGreaterThan(0);
    const namesakes = page.locator('.review-pair', { hasText: 'Reza Ahmad' });
    const pair = (await namesakes.count()) > 0 ? namesakes.first() : pairs.first();
    // Each comparison says what it found and which way its weight pulls, in words.
    expect(await pair.textContent()).toMatch(/for the same person|against/);
    expect(await pair.textContent()).not.toContain('same name across scripts or spellings');
    const pending = async () =>
      Number(
        /(\d+) pairs the linkage was unsure about/.exec(
          (await page.locator('.review').textContent()) ?? '',
        )?.[1],
      );
    const before = await pending();
    expect(before).toBeGreaterThan(0);
    // A decision can be undone from the page: the pair comes back to the queue.
    await pair.getByRole('button', { name: 'Same person' }).click();
    await expect.poll(() => page.locator('.decided').textContent()).toContain('same person');
    await expect.poll(pending).toBe(before - 1);
    await page.locator('.decided').getByRole('button', { name: 'Undo' }).first().click();
    await expect.poll(pending).toBe(before);
    const again = (await namesakes.count()) > 0 ? namesakes.first() : pairs.first();
    await again.getByLabel('Note on this decision (optional)').fill('different fathers: Ali and Hassan');
    await again.getByRole('button', { name: 'Different people' }).click();
    await expect.poll(pending).toBe(before - 1);
    const decided = await page.request.get(
      `${server.url}/api/cases/${server.caseId}/link-pairs?decision=non_match`,
    );
    const items = ((await decided.json()) as { items: Array<{ note: string }> }).items;
    expect(items.map((p) => p.note)).toEqual(['different fathers: Ali and Hassan']);

    // Linking again obeys the decision; the linked people then join the case with their claims.
    await page.getByRole('button', { name: 'Link now' }).click();
    await page.waitForSelector('progress');
    await page.getByRole('button', { name: 'Add the linked people to the case' }).click();
    await expect.poll(() => page.getByText(/people added and \d+ updated/).count()).toBe(1);
    const peopleCount = async () =>
      (
        (await (
          await page.request.get(`${server.url}/api/cases/${server.caseId}/people?limit=1`)
        ).json()) as {
          total: number;
        }
      ).total;
    const afterFirst = await peopleCount();
    // Promoting twice changes nothing the second time.
    await page.getByRole('button', { name: 'Add the linked people to the case' }).click();
    await expect.poll(() => page.getByText(/^0 people added and 0 updated/).count()).toBe(1);
    expect(await peopleCount()).toBe(afterFirst);
    const people = await page.request.get(`${server.url}/api/cases/${server.caseId}/people?q=Ahmad&limit=50`);
    const found = (
      (await people.json()) as { items: Array<{ names: Array<{ text: string }>; fatherName: string | null }> }
    ).items;
    // Reza Ahmadi son of Ali and Reza Ahmadi son of Hassan are two people: the son of Ali is one person of the
    // case, and another person carries the name too.
    const rezas = found.filter((p) => p.names.some((n) => /Reza Ahmad|رضا احمدی/.test(n.text)));
    expect(rezas.length, JSON.stringify(found)).toBeGreaterThanOrEqual(2);
    expect(rezas.map((p) => p.fatherName)).toContain('Ali');

    // The linked registry feeds the estimate page directly.
    await page.goto(`${server.url}/cases/${server.caseId}/estimates`);
    await page.getByLabel('Title of this run').fill('From the registry');
    await page.getByLabel('the linked victim registry (which lists name each person)').check();
    await page.getByRole('button', { name: 'Estimate and record' }).click();
    await expect.poll(() => page.locator('.run h2').first().textContent()).toBe('From the registry');
    const runs = await page.request.get(`${server.url}/api/cases/${server.caseId}/estimates`);
    const latest = ((await runs.json()) as { items: Array<{ title: string; input: { source: string } }> })
      .items[0]!;
    expect(latest).toMatchObject({ title: 'From the registry', input: { source: 'registry' } });
    // The count comes with its interval and the linkage's share of it, in plain words.
    const linkage = page.locator('.run .linkage');
    await expect.poll(() => linkage.locator('h3').textContent()).toBe('How sure is the matching of records?');
    expect(await linkage.textContent()).toMatch(
      /comes from uncertainty about which records name the same person|adds nothing to the interval/,
    );
    expect(await page.locator('.headline .linkage-interval').textContent()).toMatch(
      /^95 % interval including linkage uncertainty: [\d,]+–[\d,]+$/,
    );
    expect(await page.locator('.run').first().textContent()).toContain(
      '1 row(s) with no name are not counted',
    );
    await page.getByLabel('Language').first().selectOption('fa');
    await expect.poll(() => linkage.locator('h3').textContent()).toBe('تطبیق سوابق تا چه اندازه مطمئن است؟');
    expect(await page.locator('.headline .linkage-interval').textContent()).toMatch(/: [۰-۹٬,]+–[۰-۹٬,]+$/);
    expect(await page.locator('.run').first().textContent()).toContain('۱ ردیف بی‌نام شمرده نشده‌اند');
    await page.getByLabel('زبان').first().selectOption('en');

    // In Persian the plan reads right to left, with Persian digits.
    await page.goto(`${server.url}/cases/${server.caseId}/registry`);
    await page.getByLabel('Language').first().selectOption('fa');
    await expect.poll(() => page.locator('html').getAttribute('dir')).toBe('rtl');
    await expect.poll(() => page.locator('.link-panel h3').textContent()).toBe('پیش از پیوند');
    expect(await page.locator('table.link-plan tfoot td.number').textContent()).toMatch(/^[۰-۹,]+$/);
    // A run in Persian: its report, what the review decisions did and the registry's count speak Persian, in
    // Persian digits.
    await page.getByRole('button', { name: 'پیوند بده' }).click();
    await expect.poll(() => page.getByText(/تصمیم بازبینی/).count(), { timeout: 30_000 }).toBe(1);
    expect(await page.getByText(/^[۰-۹٬]+ نفر$/).count()).toBe(1);
    // The run's warnings (training steps these small lists leave without pairs) too.
    const warnings = page.locator('.link-panel .notice');
    expect(await warnings.count()).toBeGreaterThan(0);
    for (const text of await warnings.allTextContents()) expect(text).not.toMatch(/[a-z]{3}/);
    await page.context().close();
  }, 120_000);

  it('shows the linkage settings as data, refuses bad ones by name, and links with edited ones', async () => {
    const page = await newPage();
    await login(page);
    await page.goto(`${server.url}/cases/${server.caseId}/registry`);
    await page.getByText('Linkage settings (advanced)').click();
    const editor = page.getByLabel('Settings (JSON)');
    await expect.poll(() => editor.inputValue()).toContain('"comparisons"');
    const derived = JSON.parse(await editor.inputValue()) as Record<string, unknown>;
    // Not JSON: said in words, and no run starts.
    await editor.fill('{ "threshold": ');
    await page.getByRole('button', { name: 'Link now' }).click();
    await expect.poll(() => page.locator('#link-settings-error').textContent()).toContain('not valid JSON');
    // JSON the server refuses: the field is named.
    await editor.fill(JSON.stringify({ ...derived, threshold: 7 }));
    await page.getByRole('button', { name: 'Link now' }).click();
    await expect.poll(() => page.locator('#link-settings-error').count()).toBe(1);
    expect(await page.locator('#link-settings-error').textContent()).not.toContain('not valid JSON');
    // Back to the derived settings, then a stricter threshold: the run is done with it.
    await page.getByRole('button', { name: 'Back to the derived settings' }).click();
    expect(JSON.parse(await editor.inputValue())).toEqual(derived);
    await editor.fill(JSON.stringify({ ...derived, threshold: 0.9 }));
    await page.getByRole('button', { name: 'Link now' }).click();
    await expect
      .poll(() => page.getByRole('status').last().textContent(), { timeout: 30_000 })
      .toContain('people');
    await page.context().close();
  }, 90_000);

  it('draws the map on the basemap this server sends and makes no request outside the server', async () => {
    const page = await newPage();
    await login(page);
    await page.goto(`${server.url}/cases/${server.caseId}/map`);
    // The demo's places with a location, each outlined by how sure its identification is.
    await expect.poll(() => page.locator('path.place-mark').count()).toBe(3);
    expect(await page.locator('path.certainty-confirmed').count()).toBeGreaterThan(0);
    // Countries, today's provinces and cities, named in the reader's language.
    await expect.poll(() => page.locator('.city-label').allTextContents()).toContain('Tehran');
    expect(await page.locator('.leaflet-basemap-pane path').count()).toBeGreaterThan(40);
    await expect.poll(() => page.locator('.legend').textContent()).toContain('dashed outline');
    await page.getByLabel('Language').first().selectOption('fa');
    await expect.poll(() => page.locator('.city-label').allTextContents()).toContain('تهران');
    expect(await page.locator('.legend').textContent()).toContain('خط‌چین');
    await page.goto(`${server.url}/cases/${server.caseId}/timeline`);
    await expect.poll(() => page.locator('svg rect.bar').count()).toBeGreaterThan(5);
    expect(outside).toEqual([]);
    await page.context().close();
  }, 90_000);
});
