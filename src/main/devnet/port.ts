// What other features may use of the devnet (the embedded AITBC coordinator, a server): start it, read its keys.
export { startDevnet, type Devnet, type DevnetOptions } from './devnet-server';
export type { DevnetZkOptions } from './devnet-zk';
export { DEVNET_CIRCUIT_HASH, DEVNET_ZK_VERIFICATION_KEY, type Groth16Prover } from './devnet-zk-setup';
export { devnetReceiptPublicKey } from './devnet-keys';
export { DEVNET_WIRES, UNITS_PER_AIT, type DevnetWire } from './devnet-wire';
