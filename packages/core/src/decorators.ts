import type { PropertyDeclaration, ReactiveElement } from 'lit';

/**
 * Lit's `@property()` for the fields of this project, which compiles decorators with
 * `experimentalDecorators` and `useDefineForClassFields: false`: the same reactive property,
 * without the code Lit ships for standard decorators and decorated accessors.
 */
export const property =
  (options?: PropertyDeclaration) =>
  (proto: object, name: string): void =>
    (proto.constructor as typeof ReactiveElement).createProperty(name, options);

/** Lit's `@state()`: a reactive property that is internal (no attribute). */
export const state = (options?: PropertyDeclaration): ReturnType<typeof property> => property({ ...options, state: true });
