import type { SendQuote } from '../../shared/contract/wallet';
import { formatAmount, parseAmount } from '../../shared/domain/decimal';
import { aitToUnits, unitsToAtto } from '../../shared/domain/escrow-lock';
import { ContractError } from '../../shared/contract/errors';

/**
 * The send as it will happen: the amount in whole chain units (the chain's own scale: 36,000,000 per AIT on v0.25
 * chains, 3,600 before — never assumed), the chain's fee, and the balance it leaves.
 */
export function quoteSend(input: { from: string; to: string; amountAit: string; feeUnits: bigint; balanceUnits: bigint | null; unitsPerAit: bigint; network: string }): SendQuote {
  const per = input.unitsPerAit;
  const ait = (units: bigint) => formatAmount(unitsToAtto(units, per));
  const units = aitToUnits(parseAmount(input.amountAit), per);
  if (units <= 0n) throw new ContractError('INVALID_INPUT', `The amount is below one chain unit (1/${per} AIT)`);
  const total = units + input.feeUnits;
  const after = input.balanceUnits === null ? null : input.balanceUnits - total;
  return {
    from: input.from,
    to: input.to,
    amountAit: ait(units),
    amountComputeSeconds: units.toString(),
    feeAit: ait(input.feeUnits),
    totalAit: ait(total),
    balanceAit: input.balanceUnits === null ? null : ait(input.balanceUnits),
    balanceAfterAit: after === null ? null : after < 0n ? `-${ait(-after)}` : ait(after),
    sufficient: after === null || after >= 0n,
    network: input.network,
  };
}
