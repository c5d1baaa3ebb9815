/** One way to get a missing piece on one OS: what to do, and the commands to paste (shown verbatim). */
export interface InstallGuide {
  os: string;
  steps: { text: string; command?: string }[];
}

const OS_NAMES: Record<string, string> = { linux: 'Linux', darwin: 'macOS', win32: 'Windows' };

/** The OS name for a Node `process.platform` value (what `app.info` reports). */
export function osName(platform: string): string {
  return OS_NAMES[platform] ?? platform;
}

/** How to install Ollama on this OS (ollama.com's own instructions). */
export function ollamaGuide(platform: string): InstallGuide {
  const os = osName(platform);
  if (platform === 'darwin') {
    return { os, steps: [{ text: 'Install with Homebrew (or download the app from https://ollama.com/download/mac):', command: 'brew install ollama' }, { text: 'Start it:', command: 'ollama serve' }] };
  }
  if (platform === 'win32') {
    return { os, steps: [{ text: 'Install with winget in PowerShell (or run OllamaSetup.exe from https://ollama.com/download/windows):', command: 'winget install Ollama.Ollama' }, { text: 'Ollama starts in the background; check it with:', command: 'ollama --version' }] };
  }
  return { os, steps: [{ text: 'Install with the official script (it sets up a systemd service):', command: 'curl -fsSL https://ollama.com/install.sh | sh' }, { text: 'Pull a first small model:', command: 'ollama pull llama3.2:3b' }] };
}

/** OpenClaw needs Node ≥ 24.16 (node:sqlite); ClawGrid itself runs on Node 20, so the two may differ. */
export const OPENCLAW_MIN_NODE = '24.16';

/** How to install OpenClaw and the Node it needs on this OS, then create its config and start its gateway. */
export function openclawGuide(platform: string): InstallGuide {
  const os = osName(platform);
  const node =
    platform === 'win32'
      ? { text: `Install Node ≥ ${OPENCLAW_MIN_NODE} (PowerShell; then open a new terminal):`, command: 'winget install OpenJS.NodeJS.LTS' }
      : { text: `Install Node ≥ ${OPENCLAW_MIN_NODE} with nvm (https://github.com/nvm-sh/nvm), then check the version:`, command: 'nvm install 24 && nvm use 24 && node --version' };
  return {
    os,
    steps: [
      node,
      { text: 'Install OpenClaw from npm (its install script must be allowed):', command: 'npm install -g openclaw@latest --allow-scripts=openclaw' },
      { text: 'Create its config (one-time, interactive):', command: 'openclaw onboard' },
      { text: 'Start its gateway:', command: 'openclaw gateway start' },
    ],
  };
}
