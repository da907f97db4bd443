import type { Args, ArgTypes } from '@storybook/web-components-vite';

/**
 * A widget's story args and controls from the storybook helpers (which read custom-elements.json).
 *
 * - `args` leaves out `omitted`: properties without a usable default, which the helpers would set
 *   to '' (an invalid value), and the element's own state.
 * - `argTypes` gives each attribute its type: Storybook lists the args whose argType has none
 *   first (it infers one), which would put slots, CSS properties and parts above attributes. The
 *   helpers' order is kept.
 */
export function storyArgs(helpers: { args: Args; argTypes: ArgTypes }, omitted: readonly string[]): { args: Args; argTypes: ArgTypes } {
  return {
    args: Object.fromEntries(Object.entries(helpers.args).filter(([name]) => !omitted.includes(name))),
    argTypes: Object.fromEntries(
      Object.entries(helpers.argTypes).map(([name, argType]) => [name, argType.type || !(name in helpers.args) ? argType : { ...argType, type: 'string' }]),
    ),
  };
}
