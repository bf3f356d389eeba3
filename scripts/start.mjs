// `npm start`: run the product in a real VS Code. Builds the bundles, packages the VSIX, gets
// code-server (installed on first use into ~/.cache/iam-least-privilege), starts it on 127.0.0.1
// with its own HOME, user data and extensions dirs in a temp folder, installs the VSIX, and prints
// the URL that opens policies/. Ctrl-C stops code-server (by its own PID) and removes the temp folder.
//
// Options: --port N (default 8080 when free, else any free port; env PORT too), --no-build (package
// what dist/ holds), --folder DIR (default policies/).
import { rmSync } from 'node:fs';
import { resolve, join } from 'node:path';
import {
  ensureCodeServer,
  freePort,
  installExtension,
  makeProfile,
  missingPrerequisites,
  root,
  startCodeServer,
} from './vscode/codeServer.mjs';
import { packageVsix } from './package.mjs';

const args = process.argv.slice(2);
const option = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};

async function portToUse() {
  const wanted = Number(option('--port') ?? process.env.PORT ?? 0);
  if (wanted) return wanted;
  // 8080 when it is free, so the URL stays the same from one start to the next.
  const net = await import('node:net');
  const free = await new Promise((ok) => {
    const s = net.createServer().once('error', () => ok(false));
    s.listen(8080, '127.0.0.1', () => s.close(() => ok(true)));
  });
  return free ? 8080 : freePort();
}

async function main() {
  const pre = missingPrerequisites({ browser: false });
  if (pre.missing.length) {
    console.error(`npm start needs the system packages ${pre.missing.join(', ')}: run \`${pre.command}\``);
    process.exit(1);
  }
  const vsix = packageVsix({ build: !args.includes('--no-build') }).path;
  const bin = ensureCodeServer();
  const profile = makeProfile();
  let server;
  let stopping = false;
  const stopAll = async (code) => {
    if (stopping) return;
    stopping = true;
    if (server) {
      console.log('\nstopping code-server...');
      await server.stop();
    }
    rmSync(profile.base, { recursive: true, force: true });
    process.exit(code);
  };
  process.on('SIGINT', () => void stopAll(0));
  process.on('SIGTERM', () => void stopAll(0));
  try {
    installExtension(bin, profile, vsix);
    server = await startCodeServer(bin, profile, { port: await portToUse() });
  } catch (e) {
    console.error(e.message);
    await stopAll(1);
    return;
  }
  server.child.on('exit', (code, signal) => {
    if (stopping) return;
    console.error(`code-server exited (${code ?? signal}); its output:\n${server.output().slice(-4000)}`);
    void stopAll(1);
  });
  const folder = resolve(option('--folder') ?? join(root, 'policies'));
  console.log(`\nIAM Least Privilege is running in VS Code (code-server, pid ${server.child.pid}):`);
  console.log(`  ${server.url}/?folder=${encodeURI(folder)}`);
  console.log('Open it in a browser; Ctrl-C stops everything.');
}

main().catch((e) => {
  console.error(e.stack || e.message);
  process.exit(1);
});
