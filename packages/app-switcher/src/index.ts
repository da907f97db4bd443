export { SuiteAppSwitcher } from './suite-app-switcher.js';
export type {
  AppSwitcherCloseDetail,
  AppSwitcherLabels,
  AppSwitcherLoadDetail,
  AppSwitcherOpenDetail,
  PopupPosition,
} from './suite-app-switcher.js';
export {
  DEFAULT_SERVICES_URL,
  fetchServices,
  findCurrent,
  isCurrentService,
  normalizeForSearch,
  parseServices,
  readCachedServices,
  servicesCacheKey,
} from './services.js';
export type { Maturity, Organization, ParsedServices, ServicesData, SuiteService } from './services.js';
