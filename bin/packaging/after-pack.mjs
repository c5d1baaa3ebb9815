// electron-builder `afterPack` hook: refuses to go on (before fuses and signing) with a packed app that would not
// start or would ship what it must not. With onlyLoadAppFromAsar + asar integrity on, a missing app.asar or entry
// is a dead app; better-sqlite3's addon cannot be loaded from inside an asar; source maps are excluded by `files`.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);

/** The built entries the app loads (electron.vite.config.ts outputs). */
export const REQUIRED_ENTRIES = ['out/main/electron.js', 'out/main/host.js', 'out/main/zk-worker.js', 'out/preload/index.js', 'out/renderer/index.html', 'package.json'];
const NATIVE_ADDON = 'node_modules/better-sqlite3/build/Release/better_sqlite3.node';

/** Resources folder of a packed app: Contents/Resources on macOS, resources/ elsewhere. */
export function resourcesDir(context) {
  const { appOutDir, electronPlatformName, packager } = context;
  if (electronPlatformName === 'darwin' || electronPlatformName === 'mas') {
    return path.join(appOutDir, `${packager.appInfo.productFilename}.app`, 'Contents', 'Resources');
  }
  return path.join(appOutDir, 'resources');
}

/** Problems with the packed app, one sentence each (empty: fine). */
export function packedAppProblems(context) {
  const resources = resourcesDir(context);
  const asarFile = path.join(resources, 'app.asar');
  if (!fs.existsSync(asarFile)) return [`${asarFile} is missing: the app must be packed into an asar (onlyLoadAppFromAsar is on)`];
  const asar = require('@electron/asar');
  const files = new Set(asar.listPackage(asarFile, { isPack: false }).map((f) => f.replace(/\\/g, '/').replace(/^\//, '')));
  const problems = [];
  for (const entry of REQUIRED_ENTRIES) if (!files.has(entry)) problems.push(`app.asar lacks ${entry} (was \`npm run build\` run?)`);
  const maps = [...files].filter((f) => f.endsWith('.map'));
  if (maps.length) problems.push(`app.asar ships source maps: ${maps.slice(0, 3).join(', ')}`);
  const sources = [...files].filter((f) => /^(src|test-support)\/.*\.[a-z]+$/i.test(f) || f === '.env'); // files, not their folders
  if (sources.length) problems.push(`app.asar ships sources or local files: ${sources.slice(0, 3).join(', ')}`);
  if (!fs.existsSync(path.join(resources, 'app.asar.unpacked', NATIVE_ADDON))) {
    problems.push(`${NATIVE_ADDON} is not unpacked next to app.asar (asarUnpack): the database could not open`);
  }
  return problems;
}

export default async function afterPack(context) {
  const problems = packedAppProblems(context);
  if (problems.length) throw new Error(`ClawGrid afterPack: the packed app is not shippable:\n - ${problems.join('\n - ')}`);
}
