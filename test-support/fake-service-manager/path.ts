import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Folder with recording fakes named `systemctl` and `launchctl`: prepend it to PATH; they log to $FAKE_CTL_LOG. */
export const FAKE_SERVICE_MANAGER_DIR = path.dirname(fileURLToPath(import.meta.url));
