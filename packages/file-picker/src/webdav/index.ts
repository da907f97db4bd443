export { DavClient } from './client.js';
export { validateName, MAX_NAME_BYTES } from './names.js';
export type { NameProblem } from './names.js';
export { xhrSendWithProgress } from './upload.js';
export { foldForMatch } from './search.js';
export type {
  AuthorizationProvider,
  DavCapabilities,
  DavClientOptions,
  DavListing,
  DavResource,
  ProgressRequest,
  ProgressResponse,
  RequestControl,
  SearchOptions,
  SendWithProgress,
  TreeSearchOptions,
  TreeSearchResult,
  UploadOptions,
} from './types.js';
