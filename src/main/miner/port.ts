// What other features may use of the reference miner runtime: start a miner on an inference backend.
export { JobRejected, type InferenceBackend, type InferenceOutput } from './inference-backend';
export { startMiner, type Miner } from './miner-runner';
export { createOllamaBackend } from './ollama-backend';
export { createSimulatedBackend } from './simulated-backend';
