/**
 * <suite-file-picker> against the testbed's real WebDAV server: Apache httpd with mod_dav, behind
 * the gateway (CORS, faults, bearer tokens turned into the account's credentials).
 */
import { aTimeout, expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { accessTokenFor, resetWebdav, urls } from '../../testbed/client/config.js';
import { addFault, clearFaults } from '../../app-switcher/test/testbed.js';
import { getSession } from '@suite-widgets/core';
import '../src/define.js';
import { $, $$, button, names, option, quietly, settled, text } from './helpers.js';
import type { FilePickerPickDetail, SuiteFilePicker } from '../src/suite-file-picker.js';

const ALICE = { username: 'alice', password: 'alice-password' };
const home = `${urls.webdav}alice/`;
const gatewayPath = new URL(urls.webdav).pathname;
const basic = `Basic ${btoa(`${ALICE.username}:${ALICE.password}`)}`;

/** A picker on alice's home (or `path` under it), with Basic credentials unless told otherwise. */
async function mount(attributes: Record<string, string | boolean> = {}, credentials: Partial<Pick<SuiteFilePicker, 'basicAuth' | 'accessToken' | 'tokenProvider'>> = { basicAuth: ALICE }): Promise<SuiteFilePicker> {
  const holder = await fixture<HTMLDivElement>(html`<div></div>`);
  const el = document.createElement('suite-file-picker');
  el.lang = 'fr';
  Object.assign(el, credentials);
  for (const [name, value] of Object.entries({ url: home, ...attributes })) {
    if (typeof value === 'boolean') el.toggleAttribute(name, value);
    else el.setAttribute(name, value);
  }
  holder.append(el);
  await settled(el);
  return el;
}

/** PROPFIND Depth 1 straight to the server, as alice: the names in a folder. */
async function serverNames(folder: string): Promise<string[]> {
  const answer = await fetch(`${home}${folder}`, { method: 'PROPFIND', headers: { Depth: '1', Authorization: basic } });
  const xml = new DOMParser().parseFromString(await answer.text(), 'application/xml');
  return [...xml.getElementsByTagNameNS('DAV:', 'href')].slice(1).map((node) => decodeURIComponent((node.textContent ?? '').replace(/\/$/, '').split('/').pop() ?? ''));
}

async function serverFile(path: string): Promise<Blob> {
  const answer = await fetch(`${home}${path}`, { headers: { Authorization: basic } });
  if (!answer.ok) throw new Error(`GET ${path}: ${answer.status}`);
  return answer.blob();
}

function chooseFiles(el: SuiteFilePicker, files: File[]): void {
  const input = $<HTMLInputElement>(el, '#upload')!;
  const transfer = new DataTransfer();
  for (const file of files) transfer.items.add(file);
  input.files = transfer.files;
  input.dispatchEvent(new Event('change'));
}

describe('<suite-file-picker> on Apache mod_dav', function () {
  this.timeout(30_000);

  beforeEach(async () => {
    await clearFaults();
    await resetWebdav();
  });
  after(async () => {
    await clearFaults();
    await resetWebdav();
  });

  it('browses alice’s home: folders first, hostile names as text, sizes and dates', async () => {
    const el = await mount();
    const shown = names(el);
    expect(shown).to.include.members(['Documents', 'Images', '📁 Rapports', 'Été à Noël.txt', '<img src=x onerror=alert(1)>.txt', '100% #1 ?.txt']);
    expect(shown.indexOf('Documents')).to.be.below(shown.indexOf('Été à Noël.txt'));
    expect($(el, '[role=option] img')).to.equal(null);
    await expect(el).to.be.accessible();
    // Into a nested folder by the keyboard, and back by the breadcrumbs.
    $(el, '[role=listbox]')!.focus();
    await sendKeys({ type: 'Docu' });
    await sendKeys({ press: 'Enter' });
    await settled(el);
    expect(text($(el, '[aria-current=location]'))).to.equal('Documents');
    expect(names(el)).to.include('Projets');
    expect(el.shadowRoot!.activeElement?.getAttribute('role')).to.equal('listbox');
    button(el, 'Mes fichiers')!.click();
    await settled(el);
    expect(names(el)).to.include('Documents');
  });

  it('lists the folder of 5,000 files with a few dozen rows in the page', async () => {
    const el = await mount({ path: 'Archives 5000' });
    const rows = $$(el, '[role=option]');
    expect(rows.length).to.be.within(10, 60);
    expect(rows[0].getAttribute('aria-setsize')).to.equal('5000');
    expect(names(el)[0]).to.equal('pièce-0001.txt');
    $(el, '[role=listbox]')!.focus();
    await sendKeys({ press: 'End' });
    await aTimeout(50);
    await el.updateComplete;
    expect(names(el)).to.include('pièce-5000.png');
    await expect(el).to.be.accessible();
  });

  it('picks one PDF (accept) and downloads it with the picker’s credentials', async () => {
    const el = await mount({ path: 'Documents', accept: '.pdf' });
    const pdf = names(el).find((name) => name.endsWith('.pdf'))!;
    const other = names(el).find((name) => !name.endsWith('.pdf') && !option(el, name)?.querySelector('.meta')?.textContent?.includes('Dossier'));
    if (other) expect(option(el, other)!.getAttribute('aria-disabled')).to.equal('true');
    option(el, pdf)!.click();
    await el.updateComplete;
    setTimeout(() => $(el, '[part=choose-button]')!.click());
    const { detail } = await oneEvent<CustomEvent<FilePickerPickDetail>>(el, 'suite-pick');
    const [file] = detail.files;
    expect(file.href).to.equal(`${home}Documents/${encodeURIComponent(pdf)}`);
    expect(file.type).to.equal('application/pdf');
    expect(file.etag).to.be.a('string');
    const blob = await file.download();
    expect(blob.size).to.equal(file.size);
    expect(await blob.slice(0, 5).text()).to.equal('%PDF-');
  });

  it('picks several files in a dialog; open() resolves to them; they submit with the form', async () => {
    const form = await fixture<HTMLFormElement>(html`<form><suite-file-picker mode="dialog" multiple name="pieces" required lang="fr" url=${home} .basicAuth=${ALICE}></suite-file-picker></form>`);
    const el = form.querySelector('suite-file-picker')!;
    await el.updateComplete;
    expect(form.checkValidity()).to.equal(false);
    const picking = el.open();
    await settled(el);
    await expect(el).to.be.accessible();
    // Space selects once the type-ahead word is over (within it, a space is part of the name).
    await sendKeys({ type: 'ete' }); // accents ignored (and sendKeys types no keydown for « É »)
    await aTimeout(800);
    await sendKeys({ press: ' ' });
    await sendKeys({ type: '100' });
    await aTimeout(800);
    await sendKeys({ press: ' ' });
    await el.updateComplete;
    expect($$(el, '[aria-selected=true] .name').map((node) => node.textContent), text($(el, '[role=status][aria-live]'))).to.have.length(2);
    button(el, 'Choisir (2)')!.click();
    const files = await picking;
    expect(files!.map((file) => file.name).sort()).to.deep.equal(['100% #1 ?.txt', 'Été à Noël.txt']);
    expect(form.checkValidity()).to.equal(true);
    expect(new FormData(form).getAll('pieces').sort()).to.deep.equal([`${home}${encodeURIComponent('100% #1 ?.txt')}`, `${home}${encodeURIComponent('Été à Noël.txt')}`].sort());
  });

  it('uploads a 3 MB file with a progress bar; the bytes reach Apache', async () => {
    const el = await mount({ path: 'Documents' });
    const bytes = new Uint8Array(3 * 1024 * 1024).map((_, index) => index % 251);
    // Slow the answer down so the progress bar is seen.
    await addFault({ path: `${gatewayPath}alice/Documents/`, method: 'PUT', latency: 400, times: 1 });
    chooseFiles(el, [new File([bytes], 'Rapport annuel.bin', { type: 'application/octet-stream' })]);
    await waitUntil(() => $(el, '.upload--uploading progress'), 'no progress bar', { timeout: 5000 });
    expect($(el, '.upload progress')!.getAttribute('aria-label')).to.equal('Envoi de «\u00a0Rapport annuel.bin\u00a0»');
    await expect(el).to.be.accessible();
    await waitUntil(() => $(el, '.upload--done'), 'the upload did not end', { timeout: 15_000 });
    const stored = await serverFile('Documents/Rapport%20annuel.bin');
    expect(stored.size).to.equal(bytes.length);
    expect(new Uint8Array(await stored.slice(1000, 1004).arrayBuffer())).to.deep.equal(bytes.slice(1000, 1004));
    expect(names(el)).to.include('Rapport annuel.bin');
    expect(text($(el, '[role=status][aria-live]'))).to.equal('« Rapport annuel.bin » a été envoyé.');
  });

  it('a name conflict asks; "Remplacer" overwrites, "Garder les deux" adds a numbered copy', async () => {
    const el = await mount();
    chooseFiles(el, [new File(['nouvelle version'], 'Été à Noël.txt', { type: 'text/plain' })]);
    await waitUntil(() => $(el, '.upload--conflict'), 'no conflict question', { timeout: 8000 });
    expect(text($(el, '.upload--conflict .upload-status'))).to.equal('« Été à Noël.txt » existe déjà dans ce dossier.');
    await expect(el).to.be.accessible();
    button(el, 'Remplacer')!.click();
    await waitUntil(() => $(el, '.upload--done'), 'replace did not end', { timeout: 8000 });
    expect(await (await serverFile(encodeURIComponent('Été à Noël.txt'))).text()).to.equal('nouvelle version');

    chooseFiles(el, [new File(['une autre'], 'Été à Noël.txt', { type: 'text/plain' })]);
    await waitUntil(() => $(el, '.upload--conflict'), 'no second question', { timeout: 8000 });
    button(el, 'Garder les deux')!.click();
    await waitUntil(() => names(el).includes('Été à Noël (2).txt'), 'no numbered copy', { timeout: 8000 });
    expect(await (await serverFile(encodeURIComponent('Été à Noël (2).txt'))).text()).to.equal('une autre');
    expect(await (await serverFile(encodeURIComponent('Été à Noël.txt'))).text()).to.equal('nouvelle version');
  });

  it('creates a folder with an awkward name; Apache has it', async () => {
    const el = await mount();
    button(el, 'Nouveau dossier')!.click();
    await el.updateComplete;
    await sendKeys({ type: 'Dossier & <test> #1' });
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => names(el).includes('Dossier & <test> #1'), 'the folder is not shown', { timeout: 8000 });
    expect(await serverNames('')).to.include('Dossier & <test> #1');
    expect(el.shadowRoot!.activeElement?.getAttribute('role')).to.equal('listbox');
  });

  it('searches the tree (Apache has no SEARCH): accents and case ignored', async () => {
    const el = await mount();
    $<HTMLInputElement>(el, 'input[type=search]')!.focus();
    await sendKeys({ type: 'ete a noel' });
    await waitUntil(() => names(el).includes('Été à Noël.txt'), 'not found', { timeout: 10_000 });
    await sendKeys({ press: 'Escape' });
    $<HTMLInputElement>(el, 'input[type=search]')!.focus();
    await sendKeys({ type: 'budget' });
    await waitUntil(() => $$(el, '[role=option]').length > 0 && text($(el, '[role=status][aria-live]')).includes('budget'), 'no result', { timeout: 10_000 });
    expect(names(el).every((name) => name.toLowerCase().includes('budget'))).to.equal(true);
    expect(text($(el, '[role=option] .meta'))).to.contain('Mes fichiers › Documents');
    await expect(el).to.be.accessible();
  });

  it('a bearer token of the testbed’s OpenID provider opens alice’s files (gateway → Apache)', async () => {
    const token = await accessTokenFor('alice');
    let asked = 0;
    const el = await mount({}, { tokenProvider: () => (asked++, token) });
    expect(names(el)).to.include('Documents');
    expect(asked).to.be.greaterThan(0);
  });

  describe('bad input', () => {
    it('signed out: Apache’s 401 asks to sign in; once the page session has a real token, the files show', async () => {
      const session = getSession();
      const token = await accessTokenFor('alice');
      let signIns = 0;
      session.publish({ state: 'signed-out', user: null }, { getAccessToken: () => Promise.resolve(session.state === 'signed-in' ? token : null), signIn: () => void signIns++ });
      try {
        const { result: el, errors } = await quietly(() => mount({}, {}));
        expect(text($(el, '[part=error]'))).to.contain('Connectez-vous pour accéder à vos fichiers.');
        expect(errors.join('\n')).to.contain('[auth]');
        await expect(el).to.be.accessible();
        button(el, 'Se connecter')!.click();
        expect(signIns).to.equal(1);
        session.publish({ state: 'signed-in', user: { sub: 'alice' } });
        await waitUntil(() => names(el).includes('Documents'), 'not listed once signed in', { timeout: 8000 });
      } finally {
        session.publish({ state: 'unknown', user: null }, null);
      }
    });

    it('a refused token: 401 from the gateway, asked again once with forceRefresh', async () => {
      const calls: boolean[] = [];
      const { result: el } = await quietly(() => mount({}, { tokenProvider: ({ forceRefresh }) => (calls.push(forceRefresh), 'not-a-jwt') }));
      expect(calls).to.deep.equal([false, true]);
      expect(text($(el, '[part=error]'))).to.contain('Le serveur de fichiers refuse les identifiants fournis par le site.');
    });

    it('403 on bob’s home', async () => {
      const { result: el } = await quietly(() => mount({ url: `${urls.webdav}bob/` }));
      expect(text($(el, '[part=error]'))).to.contain('Vous n’avez pas accès à ce contenu.');
      await expect(el).to.be.accessible();
    });

    it('a folder deleted meanwhile: 404, and a way back home', async () => {
      const el = await mount();
      await fetch(`${home}Images/`, { method: 'DELETE', headers: { Authorization: basic } });
      await quietly(async () => {
        option(el, 'Images')!.click();
        await settled(el);
      });
      expect(text($(el, '[part=error]'))).to.contain('Ce dossier n’existe plus.');
      button(el, 'Revenir à « Mes fichiers »')!.click();
      await settled(el);
      expect(names(el)).to.include('Documents');
    });

    it('507 on upload: "storage full", the file kept for a retry that then works', async () => {
      const el = await mount();
      await addFault({ path: `${gatewayPath}alice/`, method: 'PUT', status: 507, times: 1 });
      const { errors } = await quietly(async () => {
        chooseFiles(el, [new File(['à garder'], 'brouillon.txt', { type: 'text/plain' })]);
        await waitUntil(() => $(el, '.upload--failed'), 'no failure shown', { timeout: 8000 });
      });
      expect(text($(el, '.upload--failed .upload-status'))).to.contain('L’espace de stockage est plein.');
      expect(errors.join('\n')).to.contain('507');
      button(el, 'Réessayer l’envoi de « brouillon.txt »')!.click();
      await waitUntil(() => $(el, '.upload--done'), 'the retry failed', { timeout: 8000 });
      expect(await (await serverFile('brouillon.txt')).text()).to.equal('à garder');
    });

    it('a connection dropped during an upload: reported, never lost, sent on retry', async () => {
      const el = await mount();
      // Until cleared: Chromium itself sends a request again once when a reused connection drops.
      await addFault({ path: `${gatewayPath}alice/`, method: 'PUT', drop: true });
      await quietly(async () => {
        chooseFiles(el, [new File(['x'.repeat(200_000)], 'coupure.txt', { type: 'text/plain' })]);
        await waitUntil(() => $(el, '.upload--failed'), 'no failure shown', { timeout: 10_000 });
      });
      await clearFaults();
      expect(text($(el, '.upload--failed .upload-status'))).to.contain('Échec de l’envoi');
      button(el, 'Réessayer l’envoi de « coupure.txt »')!.click();
      await waitUntil(() => $(el, '.upload--done'), 'the retry failed', { timeout: 8000 });
      expect((await serverFile('coupure.txt')).size).to.equal(200_000);
    });

    it('malformed multistatus, then a server that is down: a message and a retry that works', async () => {
      await addFault({ path: `${gatewayPath}alice/`, method: 'PROPFIND', body: '<?xml version="1.0"?><d:multistatus xmlns:d="DAV:"><d:response><d:href>', contentType: 'application/xml', status: 207, times: 1 });
      const { result: el } = await quietly(() => mount());
      expect(text($(el, '[part=error]'))).to.contain('Le service a envoyé une réponse illisible.');
      await addFault({ path: `${gatewayPath}alice/`, method: 'PROPFIND', status: 503, times: 3 });
      await quietly(async () => {
        $<HTMLButtonElement>(el, '[part=retry-button]')!.click();
        await settled(el);
      });
      expect(text($(el, '[part=error]'))).to.contain('Le service rencontre un problème.');
      $<HTMLButtonElement>(el, '[part=retry-button]')!.click();
      await settled(el);
      expect(names(el)).to.include('Documents');
    });
  });
});
