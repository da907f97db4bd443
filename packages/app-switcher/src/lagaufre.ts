/**
 * Drop-in for sites that embed La Gaufre v2 today: the `window._lasuite_widget` command queue
 * (`init | open | close | toggle | configure | destroy`) drives a `<suite-app-switcher>`, and the
 * `lasuite-widget-lagaufre-{loaded,initialized,opened,closed}` events fire on `document` as before.
 */
import './define.js';
import type { SuiteAppSwitcher } from './suite-app-switcher.js';
import type { AppSwitcherLabels, PopupPosition } from './suite-app-switcher.js';
import type { ServicesData } from './services.js';

/** The options of La Gaufre v2's `init` and `configure` commands. */
export interface LaGaufreArgs {
  api?: string;
  data?: ServicesData;
  label?: string;
  closeLabel?: string;
  headerLabel?: string;
  viewMoreLabel?: string;
  viewLessLabel?: string;
  loadingText?: string;
  newWindowLabelSuffix?: string;
  showMoreLimit?: number;
  open?: boolean;
  /** The page's button, or a CSS selector for it. */
  buttonElement?: HTMLElement | string;
  /** Where the popup goes (default: `<body>`), or a CSS selector for it. */
  dialogElement?: HTMLElement | string;
  position?: string | (() => Record<string, number | string>);
  top?: number;
  bottom?: number;
  left?: number;
  right?: number;
  fontFamily?: string;
  background?: string;
  headerLogo?: string;
  headerUrl?: string;
}

type Command = [widget: string, command: string, args?: unknown];
type CommandQueue = Command[] & { _loaded?: Record<string, number> };

declare global {
  interface Window {
    _lasuite_widget?: CommandQueue;
  }
}

const WIDGET = 'lagaufre';
const LOADED = 2;
const SIDES = ['top', 'right', 'bottom', 'left'] as const;

const fire = (widget: string, name: string, detail?: unknown) =>
  document.dispatchEvent(new CustomEvent(`lasuite-widget-${widget}-${name}`, detail === undefined ? undefined : { detail }));

let switcher: SuiteAppSwitcher | undefined;
let installed = false;

function positionFrom(args: LaGaufreArgs): PopupPosition | undefined {
  const source: Record<string, unknown> = typeof args.position === 'function' ? args.position() : { ...args };
  const position: PopupPosition = {};
  for (const side of SIDES) {
    if (typeof source[side] === 'number') position[side] = source[side];
  }
  return Object.keys(position).length > 0 ? position : undefined;
}

function configure(args: LaGaufreArgs = {}): void {
  if (!switcher) return;
  if (args.api) switcher.servicesUrl = args.api;
  if (args.data) switcher.services = args.data;
  const labels: AppSwitcherLabels = { ...switcher.labels };
  const map: [keyof AppSwitcherLabels, string | undefined][] = [
    ['title', args.label],
    ['close', args.closeLabel],
    ['showMore', args.viewMoreLabel],
    ['showLess', args.viewLessLabel],
    ['loading', args.loadingText],
  ];
  for (const [key, value] of map) if (typeof value === 'string') labels[key] = value;
  switcher.labels = labels;
  if (typeof args.newWindowLabelSuffix === 'string') switcher.newWindowLabel = args.newWindowLabelSuffix;
  if (typeof args.showMoreLimit === 'number' && args.showMoreLimit > 0) switcher.showMoreLimit = args.showMoreLimit;
  if (args.headerLogo) switcher.headerLogo = args.headerLogo;
  if (typeof args.headerLabel === 'string') switcher.headerLabel = args.headerLabel;
  if (args.headerUrl) switcher.headerUrl = args.headerUrl;
  if (args.fontFamily) switcher.style.setProperty('--suite-font-family', args.fontFamily);
  if (args.background) switcher.style.setProperty('--suite-app-switcher-background', args.background);
  const position = positionFrom(args);
  if (position) switcher.popupPosition = position;
}

/** An element given as itself or as a CSS selector; a selector that finds nothing is named in the console. */
function findElement(value: HTMLElement | string | undefined, option: string): HTMLElement | null {
  if (value instanceof HTMLElement) return value;
  if (typeof value !== 'string' || value === '') return null;
  let found: HTMLElement | null = null;
  try {
    found = document.querySelector<HTMLElement>(value);
  } catch {
    // An invalid selector: reported below like one that matches nothing.
  }
  if (!found) console.error(`[lagaufre] ${option}: no element matches "${value}".`);
  return found;
}

function destroy(): void {
  if (!switcher) return;
  switcher.hide();
  switcher.remove();
  switcher = undefined;
}

function init(args: LaGaufreArgs | undefined): void {
  if (!args || (!args.api && !args.data)) {
    console.error('[lagaufre] init needs "api" (the URL of the services JSON) or "data" (the services JSON itself).');
    return;
  }
  destroy();
  const element = document.createElement('suite-app-switcher');
  switcher = element;
  element.hideButton = true;
  const button = findElement(args.buttonElement, 'buttonElement');
  if (button) element.triggerElement = button;
  configure(args);
  element.addEventListener('suite-open', () => fire(WIDGET, 'opened'));
  element.addEventListener('suite-close', () => fire(WIDGET, 'closed'));
  (findElement(args.dialogElement, 'dialogElement') ?? document.body).append(element);
  fire(WIDGET, 'initialized');
  if (args.open) element.show();
}

const commands: Record<string, (args?: unknown) => void> = {
  init: (args) => init(args as LaGaufreArgs | undefined),
  configure: (args) => configure(args as LaGaufreArgs | undefined),
  open: () => switcher?.show(),
  close: () => switcher?.hide(),
  toggle: () => switcher?.toggle(),
  destroy,
};

/**
 * Takes over `window._lasuite_widget`: runs the `lagaufre` commands queued before this script
 * loaded, then every later one at once. Commands for other widgets stay queued for their scripts.
 * Commands also arrive as `lasuite-widget-lagaufre-<command>` events on `document`, as in v2.
 */
export function installLaGaufreCompat(): void {
  if (installed) return;
  installed = true;
  for (const [name, run] of Object.entries(commands)) {
    document.addEventListener(`lasuite-widget-${WIDGET}-${name}`, (event) => {
      try {
        run((event as CustomEvent<unknown>).detail);
      } catch (error) {
        console.error(`[lagaufre] the "${name}" command failed:`, error);
      }
    });
  }
  adoptQueue();
  // As La Gaufre v1 did: sites show their gaufre button only once the script has loaded.
  document.documentElement.classList.add('lasuite--gaufre-loaded');
  fire(WIDGET, 'loaded');
  drain();
  // A single-page app may replace `window._lasuite_widget` with a new array later: the new queue
  // is taken over the next time the page changes or the visitor acts (a cheap identity check).
  const check = () => {
    if (window._lasuite_widget !== adopted && adoptQueue()) drain();
  };
  new MutationObserver(check).observe(document.documentElement, { childList: true, subtree: true });
  for (const type of ['pointerdown', 'focusin', 'visibilitychange']) document.addEventListener(type, check, true);
}

/** The queue whose `push` runs commands at once. */
let adopted: CommandQueue | undefined;

/** Makes `window._lasuite_widget` (created if missing) run lagaufre commands when pushed; false if it is not an array. */
function adoptQueue(): boolean {
  const queue = (window._lasuite_widget ??= []);
  if (!Array.isArray(queue)) return false;
  adopted = queue;
  queue._loaded ??= {};
  const keep = Array.prototype.push;
  queue.push = (...entries: Command[]): number => {
    for (const entry of entries) {
      if (Array.isArray(entry) && typeof entry[0] === 'string' && queue._loaded?.[entry[0]] === LOADED) {
        fire(entry[0], String(entry[1]), entry[2]);
      } else {
        keep.call(queue, entry);
      }
    }
    return queue.length;
  };
  queue._loaded[WIDGET] = LOADED;
  return true;
}

/** Runs the commands waiting in the adopted queue (others' stay queued). */
function drain(): void {
  if (adopted) for (const entry of adopted.splice(0, adopted.length)) adopted.push(entry);
}
