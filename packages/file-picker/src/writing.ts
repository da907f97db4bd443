/**
 * The parts of the picker that write: the upload list and the new-folder form. Their own module
 * (chunk): a page where nobody uploads or creates a folder never downloads them.
 */
import { html, nothing } from 'lit';
import type { TemplateResult } from 'lit';
import type { Lang, SuiteError } from '@suite-widgets/core';
import { formatPercent } from './format.js';
import type { PickerStore } from './picker-store.js';
import type { PickerMessages } from './suite-file-picker.js';

/** What the upload list needs from the picker. */
export interface UploadListContext {
  t: PickerMessages;
  lang: Lang;
  store: PickerStore;
  errorMessage: (error: SuiteError) => string;
  /** Runs a button's action, then puts the focus where the button was. */
  act: (action: () => void) => void;
  closeIcon: TemplateResult;
  /** A name as it may be shown. */
  shown: (name: string) => string;
}

/**
 * The upload queue: per file a progress bar and Cancel, the name-conflict question, or the
 * outcome with Retry and Dismiss.
 */
export function renderUploads({ t, lang, store, errorMessage, act, closeIcon, shown }: UploadListContext): TemplateResult {
  const uploads = store.uploads;
    return html`<section class="uploads" part="uploads" aria-label=${t.uploads}>
      <style>
        .uploads ul{margin:0;padding:0;list-style:none;display:flex;flex-direction:column;gap:calc(var(--suite-spacing)*1);max-height:12rem;overflow:auto;}.upload{display:flex;flex-wrap:wrap;align-items:center;gap:calc(var(--suite-spacing)*2);padding:calc(var(--suite-spacing)*1) calc(var(--suite-spacing)*2);background:var(--suite-color-background-alt);border-radius:var(--suite-radius);}.upload-name{flex:1 1 10rem;min-width:0;overflow-wrap:anywhere;}.upload progress{flex:1 1 8rem;accent-color:var(--suite-color-primary);}.upload--failed .upload-status,.upload--conflict .upload-status{color:var(--suite-color-error);}.upload-actions{display:inline-flex;flex-wrap:wrap;gap:calc(var(--suite-spacing)*2);}
      </style>
      <ul>
        ${uploads.map((item) => {
          const percent = item.total ? Math.round((item.loaded / item.total) * 100) : 0;
          return html`<li class="upload upload--${item.status}">
            <span class="upload-name">${shown(item.name)}</span>
            ${item.status === 'uploading' || item.status === 'queued'
              ? html`<progress part="progress" max="100" value=${percent} aria-label=${t.uploadProgress(item.name)}></progress>
                  <span class="upload-status">${item.status === 'queued' ? t.uploadStatus.queued : formatPercent(percent, lang)}</span>
                  <button type="button" class="button button--secondary" aria-label=${t.cancelUpload(item.name)} @click=${() => act(() => store.cancelUpload(item))}>${t.cancel}</button>`
              : item.status === 'conflict'
                ? html`<span class="upload-status" role="alert">${t.conflictQuestion(item.name)}</span>
                    <span class="upload-actions" role="group" aria-label=${t.conflictQuestion(item.name)}>
                      <button type="button" class="button" @click=${() => act(() => store.resolveConflict(item, 'replace'))}>${t.replace}</button>
                      <button type="button" class="button button--secondary" @click=${() => act(() => store.resolveConflict(item, 'keep-both'))}>${t.keepBoth}</button>
                      <button type="button" class="button button--secondary" @click=${() => act(() => store.resolveConflict(item, 'cancel'))}>${t.cancel}</button>
                    </span>`
                : html`<span class="upload-status">${t.uploadStatus[item.status]}${item.status === 'failed' && item.error ? html` : ${errorMessage(item.error)}` : nothing}</span>
                    ${item.status === 'failed' || item.status === 'cancelled'
                      ? html`<button type="button" class="button button--secondary" aria-label=${t.retryUpload(item.name)} @click=${() => act(() => store.retryUpload(item))}>${t.retry}</button>`
                      : nothing}
                    <button type="button" class="icon-button" aria-label=${t.dismiss(item.name)} @click=${() => act(() => store.dismissUpload(item))}>${closeIcon}</button>`}
          </li>`;
        })}
      </ul>
    </section>`;
}

export interface FolderFormContext {
  t: PickerMessages;
  /** Why the last name was refused, or ''. */
  error: string;
  create: (event: SubmitEvent) => void;
  close: () => void;
}

/** The new-folder form: a named field, Create and Cancel, and the reason a name was refused. */
export function renderFolderForm({ t, error, create, close }: FolderFormContext): TemplateResult {
  return html`<form class="new-folder" @submit=${create}>
    <style>
      .new-folder{display:flex;flex-wrap:wrap;align-items:center;gap:calc(var(--suite-spacing)*2);margin:0;}.new-folder input{flex:1 1 12rem;box-sizing:border-box;min-height:2.5rem;padding:calc(var(--suite-spacing)*2) calc(var(--suite-spacing)*3);border:0;border-bottom:2px solid var(--suite-color-text);border-radius:var(--suite-radius) var(--suite-radius) 0 0;background:var(--suite-color-background-alt);}.new-folder input[aria-invalid=true]{border-bottom-color:var(--suite-color-error);}.field-error{flex-basis:100%;margin:0;color:var(--suite-color-error);}
    </style>
    <label for="folder">${t.newFolderName}</label>
    <input id="folder" name="folder" autocomplete="off" aria-invalid=${error ? 'true' : 'false'} aria-describedby=${error ? 'folder-error' : nothing} />
    <button type="submit" class="button">${t.create}</button>
    <button type="button" class="button button--secondary" @click=${close}>${t.cancel}</button>
    ${error ? html`<p id="folder-error" class="field-error">${error}</p>` : nothing}
  </form>`;
}
