/** What other features may use of network: the devnet / URL / off choice (the first-run setup shows it explained). */
export { NetworkChoice } from './components/network-choice';
export { networkStatusQuery } from './api/network-queries';
/** Network jobs' payments: their state and chain transactions (Proofs page, request log) and the disputed ones' banner. */
export { PaymentBadge, PaymentSummary, PaymentTxs } from './components/payment-state';
export { DisputedPayments } from './components/disputed-payments';
export { PaymentDetails } from './components/payment-details';
export { jobPaymentsQuery, type JobPaymentList } from './api/network-queries';
export { refreshPaymentsMutation } from './api/network-mutations';
export { networkEventHandler } from './api/network-events';
