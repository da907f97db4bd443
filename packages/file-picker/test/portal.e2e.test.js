// @ts-check
/**
 * The demo portal's file pickers in Debian's Chromium, through the built CDN files: the agent
 * signs in with <suite-login> (ProConnect-like provider, through the BFF), and the pickers,
 * with no credentials of their own, list the agent's home on Apache: the BFF mints a token for
 * the audience "files", the gateway turns it into the agent's credentials. Then a file is picked
 * in the dialog and submitted with the form.
 *
 * Run after `npm run build`: node --test packages/file-picker/test/portal.e2e.test.js
 */
import { after, afterEach, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { axeViolations, closeContext, launchBrowser } from '../../testbed/src/e2e.js';
import { startTestbed } from '../../testbed/src/index.js';

/** @type {import('../../testbed/src/index.js').Testbed} */
let testbed;
/** @type {import('playwright-core').Browser} */
let browser;
/** @type {import('playwright-core').BrowserContext | undefined} */
let context;

before(async () => {
  testbed = await startTestbed({ log: () => {} });
  browser = await launchBrowser();
});
after(async () => {
  await Promise.race([browser?.close(), new Promise((resolve) => setTimeout(resolve, 10_000).unref())]);
  await testbed?.stop();
});
afterEach(async () => {
  browser = await closeContext(context, browser);
  context = undefined;
  await testbed.webdav.reset();
});

/**
 * Opens the portal signed out, signs `user` in through <suite-login> and the provider's page.
 * @param {'alice' | 'bob'} user
 */
async function signedInPortal(user) {
  context = await browser.newContext();
  const page = await context.newPage();
  /** @type {string[]} */
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(testbed.urls.portal);
  await page.locator('suite-login button').first().click();
  await page.getByLabel('Identifiant').fill(user);
  await page.getByLabel('Mot de passe').fill(`${user}-password`);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.waitForURL((url) => url.href.startsWith(testbed.urls.portal) && !url.pathname.startsWith('/bff'));
  return { page, errors };
}

describe('the demo portal’s file pickers', { timeout: 120_000 }, () => {
  it('signed out, the inline picker asks to sign in; signed in, it lists the agent’s own home', async () => {
    context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(testbed.urls.portal);
    const inline = page.locator('#mes-fichiers');
    await inline.locator('[part="error"]').waitFor();
    assert.match(await inline.locator('[part="error"]').innerText(), /Connectez-vous pour accéder à vos fichiers/);
    assert.deepEqual(await axeViolations(page, '#mes-fichiers'), []);
    // Its "Se connecter" starts the page's sign-in (the BFF's redirect to the provider).
    await inline.getByRole('button', { name: 'Se connecter' }).click();
    await page.getByLabel('Identifiant').fill('bob');
    await page.getByLabel('Mot de passe').fill('bob-password');
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.waitForURL((url) => url.href.startsWith(testbed.urls.portal) && !url.pathname.startsWith('/bff'));
    await inline.locator('[role="option"]').first().waitFor({ timeout: 15_000 });
    const names = await inline.locator('[role="option"] .name').allInnerTexts();
    assert.ok(names.length > 0, 'bob’s home lists something');
    assert.ok(!names.includes('Archives 5000'), `bob does not see alice’s files: ${names.join(', ')}`);
    assert.equal(await page.locator('#mes-fichiers').getAttribute('url'), `${testbed.urls.webdav}bob/`);
  });

  it('picks two documents in the dialog with the keyboard and submits them with the form', async () => {
    const { page, errors } = await signedInPortal('alice');
    const picker = page.locator('#pieces');
    await page.waitForFunction(() => document.querySelector('#pieces')?.getAttribute('url')?.endsWith('/alice/'));
    await picker.locator('[part="trigger"]').click();
    const list = picker.locator('[role="listbox"]');
    await list.waitFor({ timeout: 15_000 });
    assert.equal(await list.evaluate((node) => node.getRootNode() instanceof ShadowRoot && /** @type {ShadowRoot} */ (node.getRootNode()).activeElement === node), true, 'focus is on the list');
    assert.deepEqual(await axeViolations(page, '#pieces'), []);
    // Documents/ holds PDFs and office files; open it and pick two.
    await page.keyboard.type('docu');
    await page.keyboard.press('Enter');
    await picker.locator('[aria-current="location"]', { hasText: 'Documents' }).waitFor();
    await list.locator('[role="option"]').first().waitFor();
    const documents = await picker.locator('[role="option"][aria-disabled="false"] .name').allInnerTexts();
    const files = documents.filter((name) => /\.(pdf|odt|docx)$/.test(name)).slice(0, 2);
    assert.equal(files.length, 2, `two documents in ${documents.join(', ')}`);
    for (const name of files) {
      await picker.locator('[role="option"]', { hasText: name }).click();
    }
    await picker.getByRole('button', { name: 'Choisir (2)' }).click();
    await picker.locator('dialog').waitFor({ state: 'hidden' });
    assert.deepEqual((await picker.locator('[part="chosen"] li').allInnerTexts()).map((text) => text.trim()).sort(), [...files].sort());
    await page.getByRole('button', { name: 'Envoyer la demande' }).click();
    const status = await page.locator('#demande-statut').innerText();
    assert.match(status, /2 pièce\(s\) jointe\(s\)/);
    for (const name of files) assert.ok(status.includes(name), `${name} in "${status}"`);
    assert.deepEqual(errors, []);
  });
});
