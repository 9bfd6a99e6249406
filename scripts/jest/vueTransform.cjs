// Jest transform for Vue single-file components, for the renderer's component tests:
// @vue/compiler-sfc compiles the <script setup> with its template inlined, then swc turns
// the TypeScript ES module into CommonJS. Styles are irrelevant to the tests and dropped.
const { compileScript, parse } = require('@vue/compiler-sfc');
const { transformSync } = require('@swc/core');

module.exports = {
  process(source, filename) {
    const { descriptor, errors } = parse(source, { filename });

    if (errors.length) {
      throw new Error(`${ filename }: ${ errors.map((e) => e.message).join('; ') }`);
    }
    const id = Buffer.from(filename).toString('base64url').slice(-8);
    const script = compileScript(descriptor, { id, inlineTemplate: true });
    const { code } = transformSync(script.content, {
      filename: `${ filename }.ts`,
      jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
      module: { type: 'commonjs' },
      sourceMaps: 'inline',
    });

    return { code };
  },
};
