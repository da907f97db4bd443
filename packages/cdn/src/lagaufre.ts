/**
 * CDN chunk of the La Gaufre v2 drop-in: loaded by suite.js when the page queues a `lagaufre`
 * command in `window._lasuite_widget`.
 */
import { installLaGaufreCompat } from '@suite-widgets/app-switcher/lagaufre';

installLaGaufreCompat();
