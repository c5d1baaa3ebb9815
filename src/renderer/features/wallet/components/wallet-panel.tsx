import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTransport } from '../../../transport/transport-context';
import { walletExportMutation, walletSetupMutation, walletUnlockMutation, type WalletSetup } from '../api/wallet-mutations';
import { receiveQuery, walletStatusQuery, type WalletStatusView } from '../api/wallet-queries';
import { SendForm } from './send-form';
import { LiveError } from '../../../components/live-error';

/** Balance, address, receive (QR), send, and key setup (create / import / unlock / export). */
export function WalletPanel() {
  const transport = useTransport();
  const status = useQuery(walletStatusQuery(transport));
  const s = status.data;
  return (
    <section className="card wallet-panel" aria-labelledby="wallet-title" data-testid="wallet-panel">
      <h2 id="wallet-title">Wallet</h2>
      {status.isError ? <p className="warning">{status.error.message}</p> : null}
      {!s ? <p className="muted">Loading…</p> : s.exists ? <WalletView s={s} /> : <KeySetup osEncryption={s.osEncryption} />}
    </section>
  );
}

function WalletView({ s }: { s: WalletStatusView }) {
  const transport = useTransport();
  const qc = useQueryClient();
  const [showQr, setShowQr] = useState(false);
  const receive = useQuery(receiveQuery(transport, showQr));
  const [pass, setPass] = useState('');
  const unlock = useMutation(walletUnlockMutation(transport, qc));
  return (
    <div>
      <p className="wallet-balance" data-testid="wallet-balance">
        {s.balance ? `${s.balance.ait} AIT` : '— AIT'} {s.balance ? <span className="muted">({s.balance.computeSeconds} compute-seconds)</span> : null}
      </p>
      {s.lowBalance ? <p className="warning" data-testid="low-balance">Low balance — top up before agents run out of funds.</p> : null}
      {s.balanceError ? <p className="warning">Balance unavailable: {s.balanceError}</p> : null}
      <p>
        <code data-testid="wallet-address">{s.address}</code>{' '}
        <button type="button" onClick={() => setShowQr((v) => !v)} data-testid="receive">Receive</button>
      </p>
      {showQr && receive.data ? <img className="wallet-qr" src={receive.data.qrDataUrl} alt={`QR code of ${receive.data.address}`} data-testid="wallet-qr" /> : null}
      <p className="muted">Key protected by {s.protection === 'os' ? 'the OS keychain' : 'your passphrase'}{s.locked ? ' · locked' : ''}.</p>
      {s.locked ? (
        <form className="inline-form" onSubmit={(e) => (e.preventDefault(), unlock.mutate({ passphrase: pass }, { onSuccess: () => setPass('') }))}>
          <input type="password" placeholder="Passphrase" value={pass} onChange={(e) => setPass(e.target.value)} aria-label="Passphrase" />
          <button type="submit">Unlock</button>
          <LiveError error={unlock.error} />
        </form>
      ) : null}
      <SendForm />
      <ExportForm protection={s.protection} />
    </div>
  );
}

/** Backup: the key as an encrypted keystore file, under a passphrase of its own. */
export function ExportForm({ protection }: { protection: WalletStatusView['protection'] }) {
  const transport = useTransport();
  const [exportPass, setExportPass] = useState('');
  const [current, setCurrent] = useState('');
  const exp = useMutation(walletExportMutation(transport));
  const href = exp.data ? `data:application/json;charset=utf-8,${encodeURIComponent(exp.data.keystore)}` : null;
  return (
    <details className="wallet-export">
      <summary>Back up (export keystore)</summary>
      <form className="inline-form" onSubmit={(e) => (e.preventDefault(), exp.mutate({ exportPassphrase: exportPass, ...(protection === 'passphrase' ? { passphrase: current } : {}) }))}>
        {protection === 'passphrase' ? <input type="password" placeholder="Current passphrase" value={current} onChange={(e) => setCurrent(e.target.value)} aria-label="Current passphrase" /> : null}
        <input type="password" placeholder="Passphrase for the backup" value={exportPass} onChange={(e) => setExportPass(e.target.value)} aria-label="Backup passphrase" />
        <button type="submit">Export</button>
        {href ? <a href={href} download={`clawgrid-${exp.data?.address}.json`} data-testid="export-download">Download keystore</a> : null}
        <LiveError error={exp.error} />
      </form>
    </details>
  );
}

/** Create a new key or import one (private key, recovery phrase, keystore), with the passphrase that protects it. */
export function KeySetup({ osEncryption }: { osEncryption: boolean }) {
  const transport = useTransport();
  const qc = useQueryClient();
  const [kind, setKind] = useState<'new' | 'privateKey' | 'mnemonic' | 'keystore'>('new');
  const [secret, setSecret] = useState('');
  const [ksPass, setKsPass] = useState('');
  const [pass, setPass] = useState('');
  const go = useMutation(walletSetupMutation(transport, qc));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const passphrase = pass || undefined;
    const setup: WalletSetup = kind === 'new' ? { kind, passphrase } : { kind, secret, passphrase, ...(kind === 'keystore' ? { keystorePassphrase: ksPass } : {}) };
    go.mutate(setup, { onSuccess: () => (setSecret(''), setKsPass(''), setPass('')) });
  };
  return (
    <form className="key-setup" data-testid="key-setup" onSubmit={submit}>
      <p className="muted">No wallet yet. On devnet, AIT is play money.</p>
      <select value={kind} onChange={(e) => setKind(e.target.value as typeof kind)} aria-label="How to set up the wallet">
        <option value="new">Create a new key</option>
        <option value="privateKey">Import a private key</option>
        <option value="mnemonic">Import a recovery phrase</option>
        <option value="keystore">Import a keystore file (JSON)</option>
      </select>
      {kind !== 'new' ? <textarea value={secret} onChange={(e) => setSecret(e.target.value)} aria-label="Key, phrase or keystore JSON" rows={3} /> : null}
      {kind === 'keystore' ? <input type="password" placeholder="Keystore passphrase" value={ksPass} onChange={(e) => setKsPass(e.target.value)} aria-label="Keystore passphrase" /> : null}
      <input type="password" placeholder={osEncryption ? 'Passphrase (optional: OS keychain is used otherwise)' : 'Passphrase (min. 8 characters)'} value={pass} onChange={(e) => setPass(e.target.value)} aria-label="New passphrase" />
      <button type="submit" disabled={go.isPending} data-testid="key-setup-submit">{kind === 'new' ? 'Create wallet' : 'Import'}</button>
      <LiveError error={go.error} testId="key-setup-error" />
    </form>
  );
}
