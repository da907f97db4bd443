/** The custom-elements manifest, from the JSDoc of each element: source of Storybook controls and README tables. */
export default {
  globs: ['packages/*/src/**/*.ts'],
  exclude: ['packages/*/src/**/*.test.ts', 'packages/testbed/**', 'packages/bench/**', 'packages/cdn/**', 'packages/bff/**'],
  outdir: '.',
  litelement: true,
  dev: false,
};
