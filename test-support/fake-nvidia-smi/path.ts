import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Absolute folder of the fake `nvidia-smi`: prepend it to PATH (or CLAWGRID_NVIDIA_SMI) in tests and benches. */
export const FAKE_NVIDIA_SMI_DIR = path.dirname(fileURLToPath(import.meta.url));

/** Absolute path of the fake `nvidia-smi` executable itself. */
export const FAKE_NVIDIA_SMI = path.join(FAKE_NVIDIA_SMI_DIR, 'nvidia-smi');
