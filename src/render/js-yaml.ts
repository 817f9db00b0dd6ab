/**
 * js-yaml, loaded from its single-file build: the package's own entry point is 25 modules, which
 * cost ~10-15 ms of every eksng start (measured); `dist/js-yaml.js` is the same library in one file.
 * The package's "exports" do not list that file, so it is found next to its package.json; should a
 * future version move it, the regular entry point is used.
 */
import type * as JsYaml from 'js-yaml';
import * as path from 'path';

function load(): typeof JsYaml {
  try {
    return require(path.join(path.dirname(require.resolve('js-yaml/package.json')), 'dist', 'js-yaml.js')) as typeof JsYaml;
  } catch {
    return require('js-yaml') as typeof JsYaml;
  }
}

export const jsYaml: typeof JsYaml = load();
