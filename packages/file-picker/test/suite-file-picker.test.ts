import { aTimeout, expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { getSession } from '@suite-widgets/core';
import '../src/define.js';
import { $, $$, button, names, quietly, settled, text } from './helpers.js';
import type { FilePickerCancelDetail, FilePickerPickDetail, PickedFile, SuiteFilePicker } from '../src/suite-file-picker.js';
import { FakeDav, SAMPLE_TREE } from './fake-dav.js';

describe('<suite-file-picker>', () => {
  let dav: FakeDav;
  beforeEach(() => {
    dav = new FakeDav(SAMPLE_TREE).install();
  });
  afterEach(() => dav.restore());

  const mount = async (attributes: Partial<Record<string, string | boolean>> = {}, basicAuth: SuiteFilePicker['basicAuth'] | null = { username: 'alice', password: 'secret' }) => {
    const holder = await fixture<HTMLDivElement>(html`<div></div>`);
    const el = document.createElement('suite-file-picker');
    el.lang = 'fr';
    if (basicAuth) el.basicAuth = basicAuth;
    for (const [name, value] of Object.entries({ url: dav.root, ...attributes })) {
      if (typeof value === 'boolean') el.toggleAttribute(name, value);
      else if (typeof value === 'string') el.setAttribute(name, value);
    }
    holder.append(el);
    await settled(el);
    return el;
  };

  it('lists the root folder: folders first, names as text, sizes and dates in French', async () => {
    const el = await mount();
    expect(names(el)).to.deep.equal(['Documents', 'Images', '<img src=x onerror=alert(1)>.txt', 'Été à Noël.txt', 'photo.jpg', 'rapport.pdf']);
    // The hostile name is text, never markup.
    expect($(el, '[role=option] img')).to.equal(null);
    const rapport = $$(el, '[role=option]').find((node) => node.textContent?.includes('rapport.pdf'))!;
    expect(text(rapport.querySelector('.meta'))).to.match(/^1,5 Mo · modifié le 2 mai 2026/);
    const request = dav.requests.find((entry) => entry.method === 'PROPFIND')!;
    expect(request.headers.get('Depth')).to.equal('1');
    expect(request.headers.get('Authorization')).to.equal(`Basic ${btoa('alice:secret')}`);
    await expect(el).to.be.accessible();
  });

  it('browses with the keyboard: arrows, Enter opens a folder, Backspace goes up, breadcrumbs follow', async () => {
    const el = await mount();
    $(el, '[role=listbox]')!.focus();
    await sendKeys({ press: 'Enter' });
    await settled(el);
    expect(text($(el, '[aria-current=location]'))).to.equal('Documents');
    expect(names(el)).to.deep.equal(['Projets', 'Compte rendu.pdf']);
    expect(text($(el, '[role=status][aria-live]'))).to.equal('Documents : 2 éléments');
    await sendKeys({ press: 'ArrowDown' });
    await el.updateComplete;
    expect($(el, '[role=listbox]')!.getAttribute('aria-activedescendant')).to.equal('file-1');
    await sendKeys({ press: 'Backspace' });
    await settled(el);
    expect(names(el)[0]).to.equal('Documents');
    expect($$(el, '.crumbs li')).to.have.length(1);
    await expect(el).to.be.accessible();
  });

  it('picks one file with Space and Enter, and gives the host a typed result that downloads', async () => {
    const el = await mount();
    const list = $(el, '[role=listbox]')!;
    list.focus();
    await sendKeys({ type: 'rap' });
    await el.updateComplete;
    expect(list.getAttribute('aria-activedescendant')).to.equal('file-5');
    setTimeout(() => void sendKeys({ press: 'Enter' }));
    const event = await oneEvent<CustomEvent<FilePickerPickDetail>>(el, 'suite-pick');
    const [file] = event.detail.files;
    expect(file).to.include({ href: `${dav.root}rapport.pdf`, name: 'rapport.pdf', size: 1_500_000, type: 'application/pdf', isFolder: false });
    expect(file.lastModified).to.equal(Date.parse('2026-05-02T16:10:00Z'));
    expect(file.etag).to.equal('"11-1500000"');
    expect((await file.download()).size).to.equal(1_500_000);
    expect(el.value).to.have.length(1);
  });

  it('multiple with max: Space toggles, the limit is announced, Choose (n) picks them all', async () => {
    const el = await mount({ multiple: true, max: '2' });
    const list = $(el, '[role=listbox]')!;
    expect(list.getAttribute('aria-multiselectable')).to.equal('true');
    list.focus();
    await sendKeys({ press: 'End' });
    await sendKeys({ press: ' ' });
    await sendKeys({ press: 'ArrowUp' });
    await sendKeys({ press: ' ' });
    await sendKeys({ press: 'ArrowUp' });
    await sendKeys({ press: ' ' });
    await el.updateComplete;
    expect(text($(el, '[role=status][aria-live]'))).to.equal('2 éléments au plus peuvent être choisis.');
    expect($$(el, '[aria-selected=true]')).to.have.length(2);
    const choose = $(el, '[part=choose-button]')!;
    expect(text(choose)).to.equal('Choisir (2)');
    setTimeout(() => choose.click());
    const event = await oneEvent<CustomEvent<FilePickerPickDetail>>(el, 'suite-pick');
    expect(event.detail.files.map((file: PickedFile) => file.name).sort()).to.deep.equal(['photo.jpg', 'rapport.pdf']);
    await expect(el).to.be.accessible();
  });

  it('accept: other files are dimmed and cannot be picked; folders still open', async () => {
    const el = await mount({ accept: '.pdf,image/*' });
    const option = (name: string) => $$(el, '[role=option]').find((node) => node.querySelector('.name')?.textContent === name)!;
    expect(option('Été à Noël.txt').getAttribute('aria-disabled')).to.equal('true');
    expect(option('photo.jpg').getAttribute('aria-disabled')).to.equal('false');
    option('Été à Noël.txt').click();
    await el.updateComplete;
    expect(text($(el, '[role=status][aria-live]'))).to.equal('Ce type de fichier ne peut pas être choisi ici.');
    expect($$(el, '[aria-selected=true]')).to.have.length(0);
    option('Documents').click();
    await settled(el);
    expect(names(el)).to.include('Compte rendu.pdf');
  });

  it('select="folders": folders are picked, files are dimmed', async () => {
    const el = await mount({ select: 'folders' });
    expect(text($(el, '.title'))).to.equal('Choisir un dossier');
    const list = $(el, '[role=listbox]')!;
    list.focus();
    await sendKeys({ press: ' ' });
    await el.updateComplete;
    setTimeout(() => $(el, '[part=choose-button]')!.click());
    const event = await oneEvent<CustomEvent<FilePickerPickDetail>>(el, 'suite-pick');
    expect(event.detail.files[0]).to.include({ name: 'Documents', isFolder: true, href: `${dav.root}Documents/` });
  });

  it('select="folders" with nothing selected: the folder on screen is the choice (a destination)', async () => {
    const el = await mount({ select: 'folders', path: 'Documents' });
    const choose = $(el, '[part=choose-button]')!;
    expect(text(choose)).to.equal('Choisir « Documents »');
    setTimeout(() => choose.click());
    const here = await oneEvent<CustomEvent<FilePickerPickDetail>>(el, 'suite-pick');
    expect(here.detail.files.map((file: PickedFile) => file.href)).to.deep.equal([`${dav.root}Documents/`]);
  });

  it('dialog mode: open() resolves to the picked files, Escape resolves to null and returns focus', async () => {
    const el = await mount({ mode: 'dialog' });
    expect($<HTMLDialogElement>(el, 'dialog')!.open).to.equal(false);
    await expect(el).to.be.accessible();
    const picking = el.open();
    await el.updateComplete;
    await settled(el);
    expect($<HTMLDialogElement>(el, 'dialog')!.open).to.equal(true);
    await expect(el).to.be.accessible();
    expect(el.shadowRoot!.activeElement?.getAttribute('role')).to.equal('listbox');
    await sendKeys({ press: 'End' });
    await sendKeys({ press: 'Enter' });
    const files = await picking;
    expect(files?.map((file) => file.name)).to.deep.equal(['rapport.pdf']);
    await el.updateComplete;
    expect($<HTMLDialogElement>(el, 'dialog')!.open).to.equal(false);
    expect(text($(el, '.chosen'))).to.contain('rapport.pdf');

    const again = el.open();
    await settled(el);
    setTimeout(() => void sendKeys({ press: 'Escape' }));
    const cancel = await oneEvent<CustomEvent<FilePickerCancelDetail>>(el, 'suite-cancel');
    expect(cancel.detail.reason).to.equal('escape');
    expect(await again).to.equal(null);
    await el.updateComplete;
    await aTimeout(0);
    expect(el.shadowRoot!.activeElement).to.equal($(el, '.trigger'));
  });

  it('is a form control: picked URLs submit under its name; required blocks an empty form', async () => {
    const form = await fixture<HTMLFormElement>(html`<form><suite-file-picker name="pieces" required multiple url=${dav.root} .basicAuth=${{ username: 'alice', password: 'secret' }}></suite-file-picker></form>`);
    const el = form.querySelector('suite-file-picker')!;
    await settled(el);
    expect(form.checkValidity()).to.equal(false);
    $(el, '[role=listbox]')!.focus();
    await sendKeys({ press: 'End' });
    await sendKeys({ press: ' ' });
    await sendKeys({ press: 'ArrowUp' });
    await sendKeys({ press: ' ' });
    $(el, '[part=choose-button]')!.click();
    await el.updateComplete;
    expect(form.checkValidity()).to.equal(true);
    expect(new FormData(form).getAll('pieces')).to.deep.equal([`${dav.root}rapport.pdf`, `${dav.root}photo.jpg`]);
    form.reset();
    await el.updateComplete;
    expect(new FormData(form).getAll('pieces')).to.deep.equal([]);
  });

  it('creates a folder, says why a bad name is refused, and shows the new folder', async () => {
    const el = await mount();
    const button = $$<HTMLButtonElement>(el, '.toolbar button').find((node) => node.textContent?.trim() === 'Nouveau dossier')!;
    button.click();
    await waitUntil(() => $(el, '#folder'), 'no new-folder form');
    const input = $<HTMLInputElement>(el, '#folder')!;
    expect(el.shadowRoot!.activeElement).to.equal(input);
    input.value = 'a/b';
    $<HTMLButtonElement>(el, '.new-folder [type=submit]')!.click();
    await el.updateComplete;
    expect(text($(el, '#folder-error'))).to.equal('Le nom ne peut pas contenir « / ».');
    expect(input.getAttribute('aria-invalid')).to.equal('true');
    await expect(el).to.be.accessible();
    input.value = 'Documents';
    $<HTMLButtonElement>(el, '.new-folder [type=submit]')!.click();
    await el.updateComplete;
    expect(text($(el, '#folder-error'))).to.equal('Un élément porte déjà ce nom.');
    input.value = 'Pièces & <jointes>';
    $<HTMLButtonElement>(el, '.new-folder [type=submit]')!.click();
    await waitUntil(() => names(el).includes('Pièces & <jointes>'));
    expect(dav.nodes.get('Pièces & <jointes>')?.folder).to.equal(true);
    expect(text($(el, '[role=status][aria-live]'))).to.equal('Dossier « Pièces & <jointes> » créé.');
  });

  it('uploads with progress, asks on a name conflict, and keeps both', async () => {
    const el = await mount();
    const input = $<HTMLInputElement>(el, '#upload')!;
    const transfer = new DataTransfer();
    transfer.items.add(new File(['x'.repeat(5000)], 'rapport.pdf', { type: 'application/pdf' }));
    transfer.items.add(new File(['hello'], 'note.txt', { type: 'text/plain' }));
    input.files = transfer.files;
    input.dispatchEvent(new Event('change'));
    await waitUntil(() => $(el, '.upload--conflict') && names(el).includes('note.txt'), 'no conflict question', { timeout: 4000 });
    expect(text($(el, '.upload--conflict .upload-status'))).to.equal('« rapport.pdf » existe déjà dans ce dossier.');
    await expect(el).to.be.accessible();
    const keepBoth = $$<HTMLButtonElement>(el, '.upload--conflict button').find((node) => node.textContent?.trim() === 'Garder les deux')!;
    keepBoth.click();
    await waitUntil(() => names(el).includes('rapport (2).pdf'), 'the second copy never showed', { timeout: 4000 });
    expect(dav.nodes.get('rapport (2).pdf')?.body.size).to.equal(5000);
    expect(dav.nodes.get('rapport.pdf')?.body.size).to.equal(1_500_000);
    expect($$(el, '.upload--done')).to.have.length(2);
    // The first upload to end is selected, ready to be picked; a later one does not replace it.
    expect($$(el, '[aria-selected=true] .name').map((node) => node.textContent)).to.deep.equal(['note.txt']);
  });

  it('a failed upload stays in the queue with its bytes and is sent again on retry', async () => {
    const el = await mount();
    let failures = 1;
    dav.fail = (method) => (method === 'PUT' && failures-- > 0 ? Response.error() : null);
    const input = $<HTMLInputElement>(el, '#upload')!;
    const transfer = new DataTransfer();
    transfer.items.add(new File(['précieux'], 'brouillon.txt', { type: 'text/plain' }));
    input.files = transfer.files;
    const { errors } = await quietly(async () => {
      input.dispatchEvent(new Event('change'));
      await waitUntil(() => $(el, '.upload--failed'), 'the upload did not fail', { timeout: 4000 });
    });
    expect(errors.join('\n')).to.match(/<suite-file-picker> uploading "brouillon.txt": \[network\]/);
    expect(text($(el, '[role=status][aria-live]'))).to.equal('L’envoi de « brouillon.txt » a échoué.');
    $<HTMLButtonElement>(el, '.upload--failed button')!.click();
    await waitUntil(() => $(el, '.upload--done'), 'the retry did not send it', { timeout: 4000 });
    expect(await dav.nodes.get('brouillon.txt')!.body.text()).to.equal('précieux');
  });

  it('searches the folder tree when the server has no SEARCH, accents ignored', async () => {
    const el = await mount();
    const search = $<HTMLInputElement>(el, 'input[type=search]')!;
    search.focus();
    await sendKeys({ type: 'budget' });
    await waitUntil(() => names(el).includes('Budget 2026.ods'), 'no result', { timeout: 4000 });
    expect(names(el)).to.deep.equal(['Budget 2026.ods']);
    expect(text($(el, '[role=option] .meta'))).to.contain('Mes fichiers › Documents › Projets');
    expect(text($(el, '[role=status][aria-live]'))).to.equal('1 résultat pour « budget »');
    search.value = '';
    await sendKeys({ type: 'ete a noel' });
    await waitUntil(() => names(el).includes('Été à Noël.txt'), 'accents were not ignored', { timeout: 4000 });
    await expect(el).to.be.accessible();
    await sendKeys({ press: 'Escape' });
    await settled(el);
    expect(names(el)).to.include('Documents');
  });

  it('sorts by size, then descending; switches to a grid with thumbnails', async () => {
    const el = await mount({ sort: 'size' });
    expect(names(el).slice(2)).to.deep.equal(['<img src=x onerror=alert(1)>.txt', 'Été à Noël.txt', 'photo.jpg', 'rapport.pdf']);
    $<HTMLButtonElement>(el, `.toolbar button[aria-label="Ordre croissant"]`)!.click();
    await el.updateComplete;
    expect(names(el).slice(2)).to.deep.equal(['rapport.pdf', 'photo.jpg', 'Été à Noël.txt', '<img src=x onerror=alert(1)>.txt']);
    $<HTMLButtonElement>(el, `.toolbar button[aria-label="Affichage en grille"]`)!.click();
    await el.updateComplete;
    expect(el.view).to.equal('grid');
    dav.add({ path: 'photo.jpg', size: 68, type: 'image/jpeg' });
    await waitUntil(() => $(el, 'img[part=thumbnail]'), 'no thumbnail', { timeout: 4000 });
    expect($<HTMLImageElement>(el, 'img[part=thumbnail]')!.src).to.match(/^blob:/);
    await expect(el).to.be.accessible();
  });

  it('renders only the visible rows of a folder of 5,000 files', async () => {
    for (let i = 1; i <= 5000; i++) dav.add({ path: `Archives/pièce-${String(i).padStart(4, '0')}.txt`, size: i });
    const el = await mount({ path: 'Archives' });
    const options = $$(el, '[role=option]');
    expect(options.length).to.be.below(60);
    expect(options[0].getAttribute('aria-setsize')).to.equal('5000');
    $(el, '[role=listbox]')!.focus();
    await sendKeys({ press: 'End' });
    await el.updateComplete;
    await aTimeout(50);
    await el.updateComplete;
    expect(names(el)).to.include('pièce-5000.txt');
    expect($(el, '#file-4999')).to.not.equal(null);
  });

  it('in English when the page is', async () => {
    const el = await mount({ lang: 'en' });
    await waitUntil(() => $(el, '.title') && $(el, '[role=option]'), 'the English messages never came');
    expect(text($(el, '.title'))).to.equal('Choose a file');
    const rapport = $$(el, '[role=option]').find((node) => node.textContent?.includes('rapport.pdf'))!;
    expect(text(rapport.querySelector('.meta'))).to.match(/^1.5 MB · modified 2 May 2026/);
  });

  it('dialog: announcements are made inside the modal dialog (outside, they would be inert)', async () => {
    const el = await mount({ mode: 'dialog' });
    void el.open();
    await settled(el);
    await sendKeys({ press: 'Enter' });
    await settled(el);
    const live = $(el, 'dialog [role=status][aria-live]');
    expect(live).to.not.equal(null);
    expect(text(live)).to.equal('Documents : 2 éléments');
    expect($$(el, '[role=status][aria-live]')).to.have.length(1);
    el.close();
  });

  it('a fieldset disabled then enabled again leaves the picker usable; a refused submit focuses it', async () => {
    const form = await fixture<HTMLFormElement>(html`<form><fieldset><suite-file-picker mode="dialog" name="f" required url=${dav.root}></suite-file-picker></fieldset></form>`);
    const el = form.querySelector('suite-file-picker')!;
    const fieldset = form.querySelector('fieldset')!;
    await el.updateComplete;
    fieldset.disabled = true;
    await el.updateComplete;
    expect($<HTMLButtonElement>(el, '.trigger')!.disabled).to.equal(true);
    fieldset.disabled = false;
    await el.updateComplete;
    expect($<HTMLButtonElement>(el, '.trigger')!.disabled).to.equal(false);
    expect(el.hasAttribute('disabled')).to.equal(false);
    expect(form.reportValidity()).to.equal(false);
    expect(el.shadowRoot!.activeElement).to.equal($(el, '.trigger'));
  });

  it('moved in the page (as frameworks do), it lists again', async () => {
    const el = await mount();
    const other = await fixture<HTMLDivElement>(html`<div></div>`);
    other.append(el);
    await settled(el);
    expect(names(el)).to.include('Documents');
  });

  it('an empty folder keeps the keyboard: focus on "Dossier parent", Backspace goes up', async () => {
    dav.add({ path: 'Vide/' });
    const el = await mount();
    const list = $(el, '[role=listbox]')!;
    list.focus();
    await sendKeys({ type: 'vide' });
    await sendKeys({ press: 'Enter' });
    await settled(el);
    await aTimeout(0);
    expect(text($(el, '[part=empty]'))).to.equal('Ce dossier est vide.');
    expect(el.shadowRoot!.activeElement?.getAttribute('aria-label')).to.equal('Dossier parent');
    await sendKeys({ press: 'Backspace' });
    await settled(el);
    expect(names(el)).to.include('Documents');
  });

  it('a file dropped where uploads are refused does not make the browser open it', async () => {
    const el = await mount({ readonly: true });
    const zone = $(el, '.drop-zone')!;
    const transfer = new DataTransfer();
    transfer.items.add(new File(['x'], 'x.txt'));
    const over = new DragEvent('dragover', { dataTransfer: transfer, bubbles: true, cancelable: true, composed: true });
    zone.dispatchEvent(over);
    const drop = new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true, composed: true });
    zone.dispatchEvent(drop);
    expect(over.defaultPrevented).to.equal(true);
    expect(drop.defaultPrevented).to.equal(true);
    expect(dav.requests.some((request) => request.method === 'PUT')).to.equal(false);
  });

  it('hides bidirectional controls that disguise a name', async () => {
    dav.add({ path: 'facture\u202Efdp.exe', size: 10, type: 'application/octet-stream' });
    const el = await mount();
    expect(names(el)).to.include('facturefdp.exe');
  });

  describe('bad input', () => {
    it('no url: a clear message and a console error that names the attribute', async () => {
      const { result: el, errors } = await quietly(() => fixture<SuiteFilePicker>(html`<suite-file-picker></suite-file-picker>`));
      await el.updateComplete;
      expect(text($(el, '[part=error]'))).to.contain('Aucun serveur de fichiers n’est configuré (attribut « url »).');
      expect(errors.join('\n')).to.contain('the "url" attribute is missing');
      await expect(el).to.be.accessible();
    });

    it('401 with the page session: asks to sign in, and lists the folder once signed in', async () => {
      const session = getSession();
      let signIns = 0;
      const provider = { getAccessToken: () => Promise.resolve('jeton'), signIn: () => void signIns++ };
      session.publish({ state: 'signed-out', user: null }, provider);
      dav.fail = () => new Response('no', { status: 401 });
      try {
        const { result: el, errors } = await quietly(() => mount({}, null));
        expect(text($(el, '[part=error]'))).to.contain('Connectez-vous pour accéder à vos fichiers.');
        expect(errors.join('\n')).to.contain('[auth]');
        await expect(el).to.be.accessible();
        $$<HTMLButtonElement>(el, 'button').find((node) => text(node) === 'Se connecter')!.click();
        expect(signIns).to.equal(1);
        dav.fail = null;
        session.publish({ state: 'signed-in', user: { sub: 'alice' } });
        await waitUntil(() => names(el).includes('Documents'), 'not listed after the sign-in');
        expect(dav.requests.at(-1)!.headers.get('Authorization')).to.equal('Bearer jeton');
      } finally {
        session.publish({ state: 'unknown', user: null }, null);
      }
    });

    it('401 before the sign-in widget has spoken: "Se connecter" shows once it has', async () => {
      dav.fail = () => new Response('no', { status: 401 });
      const session = getSession();
      try {
        const { result: el } = await quietly(() => mount({}, null));
        expect(button(el, 'Se connecter')).to.equal(undefined);
        session.publish({ state: 'signed-out', user: null }, { getAccessToken: () => Promise.resolve(null), signIn: () => undefined });
        await el.updateComplete;
        expect(button(el, 'Se connecter')).to.not.equal(undefined);
      } finally {
        session.publish({ state: 'unknown', user: null }, null);
      }
    });

    it('401 with explicit credentials: says they are refused, no sign-in button', async () => {
      dav.fail = () => new Response('no', { status: 401 });
      const { result: el } = await quietly(() => mount());
      expect(text($(el, '[part=error]'))).to.contain('Le serveur de fichiers refuse les identifiants fournis par le site.');
      expect($$(el, 'button').map((node) => text(node))).to.not.include('Se connecter');
      dav.fail = null;
      $<HTMLButtonElement>(el, '[part=retry-button]')!.click();
      await settled(el);
      expect(names(el)).to.include('Documents');
    });

    it('403, and a folder that vanished offers to go back home', async () => {
      dav.fail = (method, path) => (method === 'PROPFIND' && path === 'Documents' ? new Response('gone', { status: 404 }) : null);
      const el = await mount();
      await quietly(async () => {
        $$(el, '[role=option]')[0].click();
        await settled(el);
      });
      expect(text($(el, '[part=error]'))).to.contain('Ce dossier n’existe plus.');
      await expect(el).to.be.accessible();
      button(el, 'Revenir à « Mes fichiers »')!.click();
      await settled(el);
      expect(names(el)).to.include('Documents');
      dav.fail = () => new Response('no', { status: 403 });
      await quietly(async () => {
        $$(el, '[role=option]')[1].click();
        await settled(el);
      });
      expect(text($(el, '[part=error]'))).to.contain('Vous n’avez pas accès à ce contenu.');
    });

    it('malformed multistatus: a protocol error and a retry', async () => {
      dav.fail = (method) => (method === 'PROPFIND' ? new Response('<d:multistatus xmlns:d="DAV:"><d:response>', { status: 207, headers: { 'Content-Type': 'application/xml' } }) : null);
      const { result: el, errors } = await quietly(() => mount());
      expect(text($(el, '[part=error]'))).to.contain('Le service a envoyé une réponse illisible.');
      expect(errors.join('\n')).to.contain('[protocol]');
      expect($(el, '[part=retry-button]')).to.not.equal(null);
    });

    it('507 when creating a folder: says the storage is full', async () => {
      const el = await mount();
      dav.fail = (method) => (method === 'MKCOL' ? new Response(null, { status: 507, statusText: 'Insufficient Storage' }) : null);
      $$<HTMLButtonElement>(el, '.toolbar button').find((node) => node.textContent?.trim() === 'Nouveau dossier')!.click();
      await waitUntil(() => $(el, '#folder'), 'no new-folder form');
      $<HTMLInputElement>(el, '#folder')!.value = 'Nouveau';
      await quietly(async () => {
        $<HTMLButtonElement>(el, '.new-folder [type=submit]')!.click();
        await waitUntil(() => $(el, '#folder-error'));
      });
      expect(text($(el, '#folder-error'))).to.equal('L’espace de stockage est plein. Libérez de la place, puis réessayez.');
    });
  });
});
