// `npm run build`: always build (electron-vite: main + headless host, preload, renderer) and stamp it.
import { buildNow } from './lib/build.mjs';

buildNow();
