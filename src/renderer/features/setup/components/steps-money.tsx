import { useQuery } from '@tanstack/react-query';
import { useTransport } from '../../../transport/transport-context';
import { NetworkChoice } from '../../network/port';
import { ExportForm, KeySetup, walletStatusQuery } from '../../wallet/port';

/** Wallet: create or import a key with the passphrase that protects it, then back it up. */
export function WalletStep() {
  const transport = useTransport();
  const s = useQuery(walletStatusQuery(transport)).data;
  if (!s) return <p className="muted" role="status">Reading the wallet…</p>;
  if (!s.exists) {
    return (
      <>
        <ol className="setup-howto">
          <li>Create a new key, or import one you have (private key, recovery phrase or keystore file).</li>
          <li>
            {s.osEncryption
              ? 'The OS keychain encrypts it; a passphrase is optional and adds a second lock (you type it to send).'
              : 'Choose a passphrase of at least 8 characters: it encrypts the key on disk and is asked for before money moves. ClawGrid cannot recover it.'}
          </li>
          <li>Back it up in the next screen: an encrypted keystore file you keep somewhere safe.</li>
        </ol>
        <KeySetup osEncryption={s.osEncryption} />
      </>
    );
  }
  return (
    <>
      <p className="ok-text" data-testid="setup-wallet-ready">Wallet ready: <code>{s.address}</code></p>
      <p>Back it up now: export an encrypted keystore file with a backup passphrase, and keep the file and the passphrase apart. Without them a lost disk is a lost wallet.</p>
      <ExportForm protection={s.protection} />
    </>
  );
}

/** Network: devnet (play money) / a hub URL / off, each explained. */
export function NetworkStep() {
  return (
    <>
      <p>Big models can run on the AITBC GPU network, paid in AIT within the budgets you set. Choose where those jobs go; the header’s network badge changes it later.</p>
      <NetworkChoice explained />
    </>
  );
}
