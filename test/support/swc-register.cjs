// Lets an end-to-end test run an app from its TypeScript sources in a child process (for
// example to SIGKILL a real worker), compiled the same way jest compiles them.
const Module = require('node:module');
const fs = require('node:fs');
const path = require('node:path');
const { transformSync } = require('@swc/core');

const root = path.resolve(__dirname, '..', '..');
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  const alias = /^@vt\/([a-z-]+)(?:\/([a-z-]+))?$/.exec(request);
  if (alias) request = path.join(root, 'libs', alias[1], 'src', alias[2] ? `${alias[2]}.ts` : 'index.ts');
  return resolve.call(this, request, ...rest);
};
require.extensions['.ts'] = (module, filename) => {
  const { code } = transformSync(fs.readFileSync(filename, 'utf8'), {
    filename,
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2023',
    },
    module: { type: 'commonjs' },
  });
  module._compile(code, filename);
};
