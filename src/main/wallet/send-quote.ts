import type { SendQuote } from '../../shared/contract/wallet';
import { aitToComputeSeconds, computeSecondsToAit } from '../../shared/domain/budget';
import { parseAmount } from '../../shared/domain/decimal';
import { ContractError } from '../../shared/contract/errors';

/** The send as it will happen: amount in whole compute-seconds, the chain's fee, and the balance it leaves. */
export function quoteSend(input: { from: string; to: string; amountAit: string; feeCs: bigint; balanceCs: bigint | null; network: string }): SendQuote {
  const cs = aitToComputeSeconds(parseAmount(input.amountAit));
  if (cs <= 0n) throw new ContractError('INVALID_INPUT', 'The amount is below one compute-second (1/3600 AIT)');
  const total = cs + input.feeCs;
  const after = input.balanceCs === null ? null : input.balanceCs - total;
  return {
    from: input.from,
    to: input.to,
    amountAit: computeSecondsToAit(cs),
    amountComputeSeconds: cs.toString(),
    feeAit: computeSecondsToAit(input.feeCs),
    totalAit: computeSecondsToAit(total),
    balanceAit: input.balanceCs === null ? null : computeSecondsToAit(input.balanceCs),
    balanceAfterAit: after === null ? null : after < 0n ? `-${computeSecondsToAit(-after)}` : computeSecondsToAit(after),
    sufficient: after === null || after >= 0n,
    network: input.network,
  };
}
