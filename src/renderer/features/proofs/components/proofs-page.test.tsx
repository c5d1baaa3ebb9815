// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { JobPaymentView } from '../../../../shared/contract/network';
import type { ProofDetail, ProofLink } from '../../../../shared/contract/proofs';
import { App } from '../../../app/app';
import { useUiStore } from '../../../stores/ui-store';
import { createFakeTransport } from '../../../testing/fake-transport';
import { appInfoFixture } from '../../../testing/monitor-fixtures';
import { renderWithClient } from '../../../testing/render-with-client';

const link = (seq: number, status: ProofLink['status'], extra: Partial<ProofLink> = {}): ProofLink => ({
  seq,
  atMs: 1_700_000_000_000 + seq * 1000,
  requestId: `r${seq}`,
  agentId: 'default',
  model: 'llama3.2:3b',
  backend: status === 'local' ? 'local' : 'network',
  network: status === 'local' ? null : 'devnet',
  jobId: status === 'local' ? null : `${seq}`.repeat(32).slice(0, 32),
  receiptId: null,
  hasProof: status === 'verified',
  status,
  reason: `reason ${seq}`,
  linkHash: 'ab'.repeat(32),
  checkedAtMs: null,
  ...extra,
});

const NO_PROOF: ProofDetail['proof'] = { status: 'absent', circuit: null, reason: '', zkStatus: null, keyLabel: null, publicSignal: null, recomputedHash: null, binding: null, circuitHash: null };
const detail = (seq: number, over: Partial<ProofDetail> = {}): ProofDetail => ({
  link: link(seq, 'verified'),
  prevHash: '00'.repeat(32),
  commitment: 'cd'.repeat(32),
  modelDigest: null,
  receiptFields: [{ name: 'provider', value: 'm-1' }],
  signature: { status: 'valid', reason: 'ok', keyId: 'KEY', pinnedKeyHex: 'ef'.repeat(32) },
  proof: { status: 'valid', circuit: 'receipt_public', reason: 'ok', zkStatus: 'verified', keyLabel: 'devnet key', publicSignal: '123', recomputedHash: '123', binding: 'matches', circuitHash: null },
  bindingProof: NO_PROOF,
  claims: { computationCorrect: null, zkStatus: null, zkStatusMeaning: null, teeStatus: null },
  attests: ['The coordinator signed this receipt.'],
  doesNotAttest: ['Not that the model ran correctly.'],
  ...over,
});

const LOCK = `0x${'a1'.repeat(32)}`;
const RELEASE = `0x${'b2'.repeat(32)}`;
const payment = (jobId: string, state: JobPaymentView['state'], over: Partial<JobPaymentView> = {}): JobPaymentView => ({
  network: 'devnet', jobId, requestId: null, model: 'llama3.2:3b', wire: 'v025', state, amountAit: '0.05', feeAit: '0.0005', lockTx: LOCK,
  releaseTx: state === 'released' ? RELEASE : null, refundTx: null, reason: null, createdAtMs: 1_700_000_000_000, updatedAtMs: 1_700_000_000_000, checkedAtMs: null, ...over,
});

function setup(get: (seq: number) => ProofDetail = (seq) => detail(seq), stored: JobPaymentView[] = []) {
  let resolveVerify: (v: unknown) => void = () => undefined;
  let payments = stored;
  const transport = createFakeTransport({
    'network.payments': ({ jobIds, states }) => ({ payments: payments.filter((p) => (jobIds ? jobIds.includes(p.jobId) : states ? states.includes(p.state) : true)) }),
    'app.info': () => appInfoFixture(),
    'proofs.list': () => ({ links: [link(3, 'verified'), link(2, 'failed'), link(1, 'local')], total: 3, intact: null }),
    'proofs.keys': () => ({ keys: [], unpinned: [{ network: 'http://hub.example/c', keyId: 'A6EHv_POEL4dcN0Y50vAmWfk1jCbpQ1fHdyGZBJVMbg' }] }),
    'proofs.get': ({ seq }) => get(seq),
    'proofs.verifyChain': () =>
      new Promise((resolve) => {
        resolveVerify = resolve as (v: unknown) => void;
      }),
    'proofs.pinKey': ({ network, publicKey }) => ({ network, publicKeyHex: 'ef'.repeat(32), keyId: publicKey, source: 'user', pinnedAtMs: 1 }),
  });
  renderWithClient(<App transport={transport} />);
  return { transport, finishVerify: (v: unknown) => resolveVerify(v), setPayments: (next: JobPaymentView[]) => (payments = next) };
}

beforeEach(() => useUiStore.setState({ page: 'proofs' }));
afterEach(cleanup);

describe('Proofs page', () => {
  it('shows the chain newest first with a status badge per link, and the details drawer', async () => {
    setup();
    await waitFor(() => expect(screen.getAllByTestId('proof-link')).toHaveLength(3));
    expect(screen.getAllByTestId('proof-status').map((b) => b.textContent)).toEqual(['verified', 'failed', 'local']);
    fireEvent.click(screen.getAllByTestId('proof-link')[0]!.querySelector('button')!);
    await waitFor(() => expect(screen.getByTestId('proof-attests').textContent).toContain('coordinator signed'));
    expect(screen.getByTestId('proof-does-not-attest').textContent).toContain('Not that the model ran');
    expect(screen.getByTestId('proof-public-signal').textContent).toBe('123');
  });

  it('runs verify all with a progress bar and reports where the chain broke', async () => {
    const { transport, finishVerify } = setup();
    await waitFor(() => expect(screen.getAllByTestId('proof-link')).toHaveLength(3));
    fireEvent.click(screen.getByTestId('verify-all'));
    act(() => transport.emit({ 'proofs.verifyProgress': { done: 1, total: 3, running: true } }));
    await waitFor(() => expect(screen.getByTestId('verify-progress').textContent).toContain('1 / 3'));
    await act(async () => finishVerify({ checked: 3, intact: false, brokenAt: { seq: 2, reason: 'altered' }, counts: { verified: 1, no_proof_requested: 0, proof_unavailable: 0, failed: 1, unverified: 0, local: 1 }, durationMs: 5 }));
    await waitFor(() => expect(screen.getByTestId('chain-result').textContent).toContain('Chain broken at link #2'));
  });

  it('asks the user to confirm an unpinned hub key before pinning it', async () => {
    const { transport } = setup();
    fireEvent.click(await screen.findByText('Confirm and pin'));
    await waitFor(() => expect(transport.calls.some((c) => c.name === 'proofs.pinKey')).toBe(true));
    expect(transport.calls.find((c) => c.name === 'proofs.pinKey')?.input).toEqual({ network: 'http://hub.example/c', publicKey: 'A6EHv_POEL4dcN0Y50vAmWfk1jCbpQ1fHdyGZBJVMbg' });
  });

  it('labels a v0.25 receipt: signature result, each proof’s circuit and result, and the coordinator’s claims as claims', async () => {
    setup((seq) =>
      detail(seq, {
        proof: { ...NO_PROOF, status: 'invalid', circuit: 'receipt_model', reason: 'does not verify', zkStatus: 'verified', keyLabel: 'model key', publicSignal: 'input_hash=1, model_hash=2, output_hash=3, model_id=0', binding: 'matches' },
        bindingProof: { ...NO_PROOF, status: 'valid', circuit: 'receipt_public', reason: 'bound', publicSignal: '77', recomputedHash: '77', binding: 'matches' },
        claims: { computationCorrect: false, zkStatus: 'unsupported_model', zkStatusMeaning: 'not in the registry', teeStatus: null },
      }),
    );
    await waitFor(() => expect(screen.getAllByTestId('proof-link')).toHaveLength(3));
    fireEvent.click(screen.getAllByTestId('proof-link')[0]!.querySelector('button')!);
    await waitFor(() => expect(screen.getByTestId('proof-zk-circuit').textContent).toBe('receipt_model'));
    expect(screen.getByTestId('proof-signature-result').textContent).toContain('valid');
    expect(screen.getByTestId('proof-zk').getAttribute('data-status')).toBe('invalid');
    expect(screen.getByTestId('proof-zk-model-note').textContent).toContain('not about the LLM');
    expect(screen.getByTestId('proof-binding-circuit').textContent).toBe('receipt_public');
    expect(screen.getByTestId('proof-binding').getAttribute('data-status')).toBe('valid');
    expect(screen.getByTestId('proof-binding-public-signal').textContent).toBe('77');
    expect(screen.getByText('computation_correct (claim)')).toBeTruthy();
    expect(screen.getByTestId('claim-computation_correct').textContent).toBe('false');
    expect(screen.getByTestId('claim-zk_status').textContent).toContain('unsupported_model');
    expect(screen.getByText('Coordinator’s claims (unsigned)')).toBeTruthy();
  });

  it('shows no binding proof or claims section for a c27c654 receipt without them', async () => {
    setup();
    await waitFor(() => expect(screen.getAllByTestId('proof-link')).toHaveLength(3));
    fireEvent.click(screen.getAllByTestId('proof-link')[0]!.querySelector('button')!);
    await waitFor(() => expect(screen.getByTestId('proof-zk-circuit').textContent).toBe('receipt_public'));
    expect(screen.queryByTestId('proof-binding')).toBeNull();
    expect(screen.queryByTestId('proof-claims')).toBeNull();
  });

  it('shows each network job’s payment state with its chain transactions, shortened, copyable, whole for screen readers', async () => {
    const jobId = link(3, 'verified').jobId as string;
    setup(undefined, [payment(jobId, 'released')]);
    await waitFor(() => expect(screen.getAllByTestId('payment-state').map((b) => b.getAttribute('data-state'))).toEqual(['released']));
    const row = screen.getAllByTestId('proof-link')[0]!;
    expect(row.querySelector('[data-testid="payment-state"]')?.textContent).toBe('released');
    const release = row.querySelector('[data-testid="tx-release"]') as HTMLElement;
    expect(release.textContent).toContain('0xb2b2…b2b2');
    expect(release.textContent).toContain(RELEASE); // the screen-reader text
    expect(release.querySelector('button')?.getAttribute('aria-label')).toBe(`Copy release transaction ${RELEASE}`);
    expect(row.querySelector('[data-testid="tx-lock"] code')?.getAttribute('title')).toBe(LOCK);
    // the payment's controls sit beside the link's button, never inside it
    expect(row.querySelector('button.proof-link [data-testid="payment"]')).toBeNull();
    // the drawer spells it out: amounts, transactions, when last asked
    fireEvent.click(row.querySelector('button.proof-link')!);
    await waitFor(() => expect(screen.getByTestId('payment-details').getAttribute('data-state')).toBe('released'));
    expect(screen.getByTestId('payment-details').textContent).toContain('0.05 AIT + 0.0005 AIT chain fee');
    expect(screen.getByTestId('payment-details').textContent).toContain('not since the job');
  });

  it('a disputed payment is announced at the top with what to do next; "Check again" asks the network; events refetch', async () => {
    const jobId = 'd'.repeat(32);
    const { transport, setPayments } = setup(undefined, [payment(jobId, 'disputed', { reason: 'The receipt failed verification: signature does not match' })]);
    const banner = await screen.findByTestId('disputed-payments');
    expect(banner.querySelector('h2')?.textContent).toBe('1 disputed payment');
    expect(screen.getByTestId('disputed-summary').getAttribute('role')).toBe('alert');
    expect(screen.getByTestId('disputed-summary').textContent).toContain('the miner was not paid');
    expect(screen.getByTestId('disputed-reason').textContent).toContain('signature does not match');
    expect(screen.getByTestId('disputed-next-steps').textContent).toContain('stays in escrow until the network’s operator rules');
    expect(banner.querySelector('[data-testid="tx-lock"]')).toBeTruthy();
    // the header says so on every page
    expect(screen.getByTestId('disputed-badge').getAttribute('aria-label')).toBe('1 disputed payment: open the Proofs page');
    // the page asked the network once on opening, and "Check again" asks about the disputed jobs
    expect(transport.calls.some((c) => c.name === 'network.payments' && (c.input as { refresh?: boolean }).refresh === true)).toBe(true);
    fireEvent.click(screen.getByTestId('disputed-check'));
    await waitFor(() => expect(transport.calls.some((c) => c.name === 'network.payments' && JSON.stringify((c.input as { jobIds?: string[] }).jobIds) === JSON.stringify([jobId]))).toBe(true));
    // the operator ruled: the event refetches and the banner goes
    setPayments([payment(jobId, 'refunded')]);
    act(() => transport.emit({ 'network.payments': { at: 2, disputed: 0 } }));
    await waitFor(() => expect(screen.queryByTestId('disputed-payments')).toBeNull());
    expect(screen.queryByTestId('disputed-badge')).toBeNull();
  });
});
