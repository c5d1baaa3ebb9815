import { describe, expect, it } from 'vitest';
import { ollamaGuide, openclawGuide, osName } from './install-guides';

const commands = (g: { steps: { command?: string }[] }) => g.steps.map((s) => s.command).filter(Boolean);

describe('install guides', () => {
  it('names the OS the host reports', () => {
    expect([osName('linux'), osName('darwin'), osName('win32'), osName('freebsd')]).toEqual(['Linux', 'macOS', 'Windows', 'freebsd']);
  });

  it('gives each OS its own Ollama install command', () => {
    expect(commands(ollamaGuide('linux'))[0]).toBe('curl -fsSL https://ollama.com/install.sh | sh');
    expect(commands(ollamaGuide('darwin'))[0]).toBe('brew install ollama');
    expect(commands(ollamaGuide('win32'))[0]).toBe('winget install Ollama.Ollama');
  });

  it('installs a Node ≥ 24.16 before OpenClaw, then onboards and starts the gateway', () => {
    for (const platform of ['linux', 'darwin', 'win32']) {
      const g = openclawGuide(platform);
      expect(g.steps[0]!.text).toContain('Node ≥ 24.16');
      expect(commands(g).slice(1)).toEqual(['npm install -g openclaw@latest --allow-scripts=openclaw', 'openclaw onboard', 'openclaw gateway start']);
    }
    expect(commands(openclawGuide('linux'))[0]).toMatch(/^nvm install 24/);
    expect(commands(openclawGuide('win32'))[0]).toBe('winget install OpenJS.NodeJS.LTS');
  });
});
