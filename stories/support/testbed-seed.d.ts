/**
 * Types of the testbed's seed data (packages/testbed/src/seed/services.js, plain JavaScript with
 * JSDoc; the root tsconfig does not type-check JavaScript, so its types are restated here).
 * The data itself is only in that file.
 */
declare module '@suite-widgets/testbed/seed/services' {
  export type Maturity = 'alpha' | 'beta' | 'stable';

  export interface SeedService {
    readonly id: string;
    readonly name: string;
    readonly url: string;
    readonly maturity: Maturity;
  }

  export interface ServiceEntry {
    id?: string;
    name?: string;
    url?: string;
    logo?: string;
    maturity?: string;
  }

  export interface ServicesPayload {
    services: ServiceEntry[];
    organization?: { name: string; type?: string; siret?: string };
  }

  export const SERVICES_SEED: readonly SeedService[];
  /** The logo of a seeded service as an SVG document, or undefined for an unknown id. */
  export function logoSvg(id: string): string | undefined;
  /** The services JSON, logos under `<logoBase>/logos/<id>.svg`. */
  export function servicesPayload(logoBase: string): ServicesPayload;
  /** Payloads the widget must survive. */
  export const VARIANTS: Readonly<Record<'badShape' | 'invalidEntries' | 'empty' | 'hostile', (logoBase: string) => unknown>>;
}
