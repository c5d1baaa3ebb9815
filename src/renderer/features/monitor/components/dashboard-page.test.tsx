// @vitest-environment jsdom
import { act, cleanup, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MonitorSample, MonitorStatus } from '../../../../shared/contract/monitor';
import { App } from '../../../app/app';
import { useUiStore } from '../../../stores/ui-store';
import { createFakeTransport } from '../../../testing/fake-transport';
import { appInfoFixture, gpuFixture, sampleFixture, statusFixture } from '../../../testing/monitor-fixtures';
// Loaded with the test file (as before pages were lazy), so a test's time is not spent transforming recharts.
import './dashboard-page';
import { renderWithClient } from '../../../testing/render-with-client';

function renderDashboard(samples: MonitorSample[], status: MonitorStatus) {
  const transport = createFakeTransport({
    'app.info': () => appInfoFixture(),
    'monitor.snapshot': () => ({ samples, status }),
  });
  renderWithClient(<App transport={transport} />);
  return transport;
}

beforeEach(() => useUiStore.setState({ page: 'dashboard' }));
afterEach(cleanup);

describe('Dashboard', () => {
  it('renders one card per GPU from the snapshot', async () => {
    const gpus = [gpuFixture(), gpuFixture({ index: 1, uuid: 'GPU-1', name: 'NVIDIA RTX 4090', utilGpuPct: 5, memTotalMiB: 24564, memUsedMiB: 1024 })];
    renderDashboard([sampleFixture(1_000, gpus), sampleFixture(2_000, gpus)], statusFixture());

    expect(await screen.findByTestId('gpu-card-0')).toBeTruthy();
    expect(screen.getByTestId('gpu-name-0').textContent).toBe('NVIDIA H100 80GB HBM3');
    expect(screen.getByTestId('gpu-util-0').textContent).toBe('37%');
    expect(screen.getByTestId('gpu-vram-0').textContent).toBe('23.7 / 85.5 GB');
    expect(screen.getByTestId('gpu-temp-0').textContent).toBe('41 °C');
    expect(screen.getByTestId('gpu-power-0').textContent).toBe('118 / 700 W');
    expect(screen.getByTestId('gpu-name-1').textContent).toBe('NVIDIA RTX 4090');
    expect(screen.getByTestId('gpu-vram-1').textContent).toBe('1.1 / 25.8 GB');
    // one line per GPU in each metric chart
    await waitFor(() => expect(screen.getByTestId('gpu-chart-util').querySelectorAll('.recharts-line').length).toBe(2));
  });

  it('updates the cards when a monitor.tick batch arrives', async () => {
    const transport = renderDashboard([sampleFixture(1_000)], statusFixture());
    expect((await screen.findByTestId('gpu-util-0')).textContent).toBe('37%');

    act(() => {
      transport.emit({
        'monitor.tick': {
          sample: sampleFixture(2_000, [gpuFixture({ utilGpuPct: 88, tempC: 63, memUsedMiB: 40000 })]),
          status: statusFixture({ processes: [{ pid: 4242, name: 'ollama', usedMemMiB: 40000 }] }),
        },
      });
    });

    // the query cache notifies on its own scheduler, so the re-render lands a moment later
    await waitFor(() => expect(screen.getByTestId('gpu-util-0').textContent).toBe('88%'));
    expect(screen.getByTestId('gpu-temp-0').textContent).toBe('63 °C');
    expect(screen.getByTestId('gpu-vram-0').textContent).toBe('41.9 / 85.5 GB');
    expect(screen.getByTestId('process-table').textContent).toContain('ollama — 41.9 GB');
  });

  it('shows "—" with an explanation for values the GPU does not report, and tags MIG GPUs', async () => {
    const mig = gpuFixture({ utilGpuPct: null, powerW: null, tempC: null, mig: true });
    renderDashboard([sampleFixture(1_000, [mig])], statusFixture());

    const util = await screen.findByTestId('gpu-util-0');
    expect(util.textContent).toBe('—');
    expect(util.getAttribute('title')).toBe('not reported by this GPU');
    expect(screen.getByTestId('gpu-power-0').textContent).toBe('—');
    expect(screen.getByTestId('gpu-temp-0').textContent).toBe('—');
    expect(screen.getByTestId('gpu-mig-0').textContent).toBe('MIG');
    expect(within(screen.getByTestId('gpu-card-0')).getByText(/utilization is reported per MIG instance/)).toBeTruthy();
  });

  it('shows the calm "no GPU" message instead of cards when the GPU source is absent', async () => {
    const status = statusFixture({
      gpu: { state: 'absent', message: 'No NVIDIA GPU detected (nvidia-smi not found).' },
      ollama: { state: 'absent', url: 'http://127.0.0.1:11434', message: 'Ollama is not running at http://127.0.0.1:11434.', models: [] },
      processes: [],
    });
    renderDashboard([sampleFixture(1_000, [])], status);

    const panel = await screen.findByTestId('gpu-absent');
    expect(panel.textContent).toContain('No NVIDIA GPU detected (nvidia-smi not found).');
    expect(screen.queryByTestId('gpu-card-0')).toBeNull();
    expect(screen.queryAllByRole('alert').filter((a) => a.textContent)).toEqual([]); // live regions stay, empty
    expect(screen.getByTestId('ollama-note').textContent).toBe('Ollama is not running at http://127.0.0.1:11434.');
    expect(screen.getByTestId('cpu-pct').textContent).toBe('12%');
  });

  it('lists GPU processes as "name — GB", largest first', async () => {
    const status = statusFixture({
      processes: [
        { pid: 10, name: 'python3', usedMemMiB: 512 },
        { pid: 4242, name: 'ollama', usedMemMiB: 22630 },
      ],
    });
    renderDashboard([sampleFixture(1_000)], status);

    const table = await screen.findByTestId('process-table');
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((r) => r.querySelector('td')?.textContent)).toEqual(['ollama — 23.7 GB', 'python3 — 0.5 GB']);
    expect(rows[0]?.textContent).toContain('4242');
  });

  it('lists the models Ollama has loaded', async () => {
    renderDashboard([sampleFixture(1_000)], statusFixture());
    const models = await screen.findByTestId('ollama-models');
    expect(models.textContent).toContain('qwen3:32b');
    expect(models.textContent).toContain('23.7 GB');
    expect(models.textContent).toContain('100%');
  });

  it('waits calmly while the sampler is starting, and warns when it fails', async () => {
    renderDashboard([], statusFixture({ gpu: { state: 'starting', message: '' } }));
    expect((await screen.findByTestId('gpu-waiting')).textContent).toContain('Waiting for first sample…');
    cleanup();

    renderDashboard([sampleFixture(1_000)], statusFixture({ gpu: { state: 'error', message: 'nvidia-smi exited with code 9' } }));
    expect((await screen.findByTestId('gpu-error')).textContent).toContain('nvidia-smi exited with code 9');
    expect(screen.getByTestId('gpu-card-0')).toBeTruthy();
  });

  it('shows CPU and RAM readings', async () => {
    renderDashboard([sampleFixture(1_000)], statusFixture());
    expect((await screen.findByTestId('cpu-pct')).textContent).toBe('12%');
    expect(screen.getByTestId('ram-used').textContent).toBe('23.5 / 134.9 GB');
    expect(screen.getByTestId('cpu-model').textContent).toBe('AMD EPYC 9454 · 16 cores');
  });

  it('says so when the snapshot call fails', async () => {
    const transport = createFakeTransport({ 'app.info': () => appInfoFixture() });
    renderWithClient(<App transport={transport} />);
    await waitFor(() => expect(screen.getByTestId('dashboard-error').textContent).toContain('monitor.snapshot is not available'));
  });
});
