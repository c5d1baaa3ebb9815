// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { captureDownloads } from '../../../testing/capture-downloads';
import { createFakeTransport } from '../../../testing/fake-transport';
import { renderWithClient } from '../../../testing/render-with-client';
import { TransportProvider } from '../../../transport/transport-context';
import { HistoryTable } from './history-table';

afterEach(cleanup);

describe('Wallet ledger', () => {
  it('exports the ledger through wallet.exportLedger and saves the file main made', async () => {
    const csv = 'seq,at,kind,amount_ait,note\r\n1,2026-11-30T12:00:00.000Z,transfer,0.00000001,"rent, ""march"""\r\n';
    const transport = createFakeTransport({
      'wallet.history': () => ({ entries: [] }),
      'wallet.exportLedger': ({ format }) => ({ filename: `clawgrid-ledger-2026-12-02.${format}`, mimeType: 'text/csv; charset=utf-8', content: csv }),
    });
    const cap = captureDownloads();
    try {
      renderWithClient(
        <TransportProvider transport={transport}>
          <HistoryTable />
        </TransportProvider>,
      );
      fireEvent.click(await screen.findByRole('button', { name: 'Export CSV: the ledger' }));
      await waitFor(() => expect(cap.downloads).toHaveLength(1));
      expect(transport.calls.find((c) => c.name === 'wallet.exportLedger')?.input).toEqual({ format: 'csv' });
      expect(cap.downloads[0]!.filename).toBe('clawgrid-ledger-2026-12-02.csv');
      expect(await cap.downloads[0]!.text).toBe(csv);
    } finally {
      cap.restore();
    }
  });

  it('a failed export says why, next to the buttons', async () => {
    const transport = createFakeTransport({ 'wallet.history': () => ({ entries: [] }) });
    renderWithClient(
      <TransportProvider transport={transport}>
        <HistoryTable />
      </TransportProvider>,
    );
    fireEvent.click(await screen.findByRole('button', { name: 'Export JSON: the ledger' }));
    expect((await screen.findByRole('alert')).textContent).toContain('wallet.exportLedger is not available');
  });
});
