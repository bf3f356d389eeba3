/**
 * Lets a plain node load the extension's bundle (dist/client.js), whose `require('vscode')` only
 * VS Code's extension host answers: here every value of 'vscode' is a stand-in, which loading the
 * bundle takes (vscode-languageclient reads a few classes) without calling anything real. Loaded
 * first in a node of its own (`node -r <this file>`): the tests and the bench load the bundle fresh.
 */
import Module from 'node:module';

const standIn: unknown = new Proxy(function () {}, {
  get: (_, key) => (key === 'then' ? undefined : standIn),
  apply: () => standIn,
  construct: () => standIn as object,
});

// Node's module loader, whose _load the typings do not show.
const loader = Module as unknown as { _load(request: string, ...rest: unknown[]): unknown };
const load = loader._load;
loader._load = function (this: unknown, request: string, ...rest: unknown[]) {
  return request === 'vscode' ? standIn : load.call(this, request, ...rest);
};
