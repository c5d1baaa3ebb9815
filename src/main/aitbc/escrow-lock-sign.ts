import { keccak256, toBytes, type Hex } from 'viem';
import { escrowLockTx, txSigningJson, type EscrowLockInput } from '../../shared/domain/escrow-lock';

/** Whoever signs the buyer's half of an escrow: the wallet's key (viem's local account has this `sign`). */
export interface EscrowSigner {
  readonly address: string;
  sign(p: { hash: Hex }): Promise<Hex>;
}

/** The buyer's raw secp256k1 signature of the ESCROW_LOCK transaction (no EIP-191 prefix, as `sign_transaction_hash`). */
export function signEscrowLock(signer: EscrowSigner, input: EscrowLockInput): Promise<Hex> {
  return signer.sign({ hash: keccak256(toBytes(txSigningJson(escrowLockTx(input)))) });
}
