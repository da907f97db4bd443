export { SuiteFilePicker } from './suite-file-picker.js';
export type {
  BasicCredentials,
  FilePickerCancelDetail,
  FilePickerPickDetail,
  FilePickerUploadDetail,
  PickedFile,
  TokenProvider,
} from './suite-file-picker.js';
export { PickerStore, numberedName, sortEntries } from './picker-store.js';
export type { PickerStoreHost, SearchState, SortDirection, SortKey, UploadItem, UploadStatus } from './picker-store.js';
export { parseAccept, typeOf } from './accept.js';
export { formatDate, formatSize } from './format.js';
