import QRCode from 'qrcode';
import type { PrivateKeyAccount } from 'viem/accounts';
import { ContractError, type ErrorCode } from '../../shared/contract/errors';
import type { WalletStatus } from '../../shared/contract/wallet';
import { aitToUnits, unitsToAtto } from '../../shared/domain/escrow-lock';
import { formatAmount, parseAmount } from '../../shared/domain/decimal';
import type { CoreServices } from '../feature';
import type { Handler } from '../rpc/router';
import { ChainError, createChainClient, TRANSFER_FEE_CS, type ChainClient } from './chain-client';
import { createKeyStore, type Encryptor } from './key-store';
import { KeyError } from './keystore-v3';
import type { Ledger } from './ledger-types';
import { quoteSend } from './send-quote';
import type { SpendPolicies } from './spend-policies';

// The wallet's own account: its key (create, import, export, unlock), its chain balance and its transfers.
// The spending side (admission, ledger, policies, reconciliation) is wallet-feature.ts.

const keyErrorCodes: Record<KeyError['code'], ErrorCode> = {
  wrong_passphrase: 'UNAUTHORIZED',
  corrupt_keystore: 'INVALID_INPUT',
  unsupported_keystore: 'INVALID_INPUT',
  kdf_too_costly: 'INVALID_INPUT',
  invalid_key: 'INVALID_INPUT',
  wallet_exists: 'FORBIDDEN',
  no_wallet: 'NOT_FOUND',
  locked: 'UNAUTHORIZED',
};

/** Key and chain errors as the contract's codes; anything else as it came. */
export async function guarded<T>(fn: () => Promise<T> | T): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof KeyError) throw new ContractError(keyErrorCodes[err.code], err.message);
    if (err instanceof ChainError) throw new ContractError('UNAVAILABLE', err.message);
    throw err;
  }
}

export interface WalletAccountOptions {
  /** OS encryption (Electron safeStorage); absent on the headless host. */
  encryptor?: Encryptor;
  /** scrypt cost for keystores (tests lower it). */
  scryptN?: number;
  /** Chain RPC base URL (or a getter: the devnet's port is only known once it runs); default: the devnet when network = devnet, else CLAWGRID_CHAIN_URL. */
  chainUrl?: string | null | (() => string | null);
}

type AccountCalls = 'wallet.status' | 'wallet.create' | 'wallet.import' | 'wallet.export' | 'wallet.unlock' | 'wallet.lock' | 'wallet.receive' | 'wallet.quoteSend' | 'wallet.send';

export function createWalletAccount(core: CoreServices, deps: { ledger: Ledger; policies: SpendPolicies; changed: () => void }, opts: WalletAccountOptions) {
  const { ledger, policies, changed } = deps;
  const keys = createKeyStore(core.db, { encryptor: opts.encryptor, scryptN: opts.scryptN });
  const chainUrl = (): string | null => {
    if (typeof opts.chainUrl === 'function') {
      const url = opts.chainUrl();
      if (url) return url;
    } else if (opts.chainUrl !== undefined) return opts.chainUrl;
    const network = core.settings.get().network;
    // the devnet serves the chain RPC subset on its own port (the aitbc feature's CLAWGRID_DEVNET_PORT)
    if (network === 'devnet') return `http://127.0.0.1:${core.env.CLAWGRID_DEVNET_PORT ?? 8203}`;
    return core.env.CLAWGRID_CHAIN_URL ?? null;
  };
  let chain: { url: string; client: ChainClient } | null = null;
  const client = (): ChainClient => {
    const url = chainUrl();
    if (!url) throw new ChainError('No chain is configured (network is off)');
    if (chain?.url !== url) chain = { url, client: createChainClient(url, { timeoutMs: 5000 }) };
    return chain.client;
  };
  let balance: WalletStatus['balance'] = null;
  let balanceError: string | null = null;

  const status = async (refresh: boolean): Promise<WalletStatus> => {
    const k = keys.status();
    if (refresh && k.address) {
      try {
        const a = await client().account(k.address);
        const perAit = await client().unitsPerAit();
        balance = { ait: formatAmount(unitsToAtto(a.balance, perAit)), computeSeconds: a.balance.toString(), nonce: a.nonce, chainId: a.chainId, fetchedAtMs: Date.now() };
        balanceError = null;
      } catch (err) {
        balanceError = err instanceof Error ? err.message : String(err);
      }
    }
    const low = policies.wallet().lowBalanceAit;
    return {
      ...k,
      osEncryption: keys.osEncryption(),
      chainUrl: chainUrl(),
      balance: k.address ? balance : null,
      balanceError: k.address ? balanceError : null,
      lowBalance: balance !== null && low !== null && parseAmount(balance.ait) < parseAmount(low),
    };
  };

  const handlers: { [K in AccountCalls]: Handler<K> } = {
    'wallet.status': ({ refresh }) => status(refresh ?? false),
    'wallet.create': ({ passphrase }) => guarded(async () => (await keys.create(passphrase), status(true))),
    'wallet.import': ({ kind, secret, keystorePassphrase, passphrase }) =>
      guarded(async () => (await keys.import(kind, secret, { keystorePassphrase, passphrase }), status(true))),
    'wallet.export': ({ exportPassphrase, passphrase }) =>
      guarded(async () => ({ keystore: await keys.exportKeystore(exportPassphrase, passphrase), address: keys.status().address ?? '' })),
    'wallet.unlock': ({ passphrase }) => guarded(async () => (await keys.unlock(passphrase), status(false))),
    'wallet.lock': () => (keys.lock(), status(false)),
    'wallet.receive': () =>
      guarded(async () => {
        const address = keys.status().address;
        if (!address) throw new KeyError('no_wallet', 'No wallet yet: create or import one first');
        const svg = await QRCode.toString(address, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
        return { address, qrDataUrl: `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}` };
      }),
    'wallet.quoteSend': ({ to, amountAit }) =>
      guarded(async () => {
        const s = await status(true);
        if (!s.address) throw new KeyError('no_wallet', 'No wallet yet: create or import one first');
        const balanceUnits = s.balance && !s.balanceError ? BigInt(s.balance.computeSeconds) : null;
        const unitsPerAit = await client().unitsPerAit();
        return quoteSend({ from: s.address, to, amountAit, feeUnits: TRANSFER_FEE_CS, balanceUnits, unitsPerAit, network: core.settings.get().network });
      }),
    'wallet.send': ({ to, amountAit, passphrase }) =>
      guarded(async () => {
        const amount = parseAmount(amountAit);
        // the chain's own unit scale (36,000,000 per AIT on v0.25 chains, 3,600 before), never assumed
        const perAit = await client().unitsPerAit();
        const cs = aitToUnits(amount, perAit);
        if (cs <= 0n) throw new ContractError('INVALID_INPUT', `The amount is below one chain unit (1/${perAit} AIT)`);
        const account = await keys.account(passphrase);
        const r = await client().transfer(account, to, cs, { feeCs: TRANSFER_FEE_CS });
        ledger.recordTransfer({ to, amount: unitsToAtto(cs, perAit), fee: unitsToAtto(r.fee, perAit), txHash: r.txHash });
        changed();
        await status(true);
        return { txHash: r.txHash, amountComputeSeconds: cs.toString(), feeComputeSeconds: r.fee.toString() };
      }),
  };

  return {
    status,
    handlers,
    async escrowSigner(): Promise<PrivateKeyAccount | null> {
      const k = keys.status();
      if (!k.exists || k.locked) return null;
      return keys.account().catch(() => null);
    },
    escrowPayer(): string | null {
      const k = keys.status();
      // as account() decides: a passphrase key once unlocked, an OS-protected one while the OS store works
      return k.exists && !k.locked && (k.protection !== 'os' || keys.osEncryption()) ? k.address : null;
    },
  };
}
