/** AITBC reference aitbc.md §7.5 / §8.2: the receipt test vector, shared by proofs tests and benches. */
export const VECTOR_PAYLOAD_WIRE = `{"version":"1.0","receipt_id":"5f2c0a9e3b7d4c1e8a6f0b2d4c6e8f10","job_id":"0b8e4f7a2c1d4e6f9a3b5c7d9e1f2a4b",
 "provider":"clawgrid-edge-1","client":"3f9a1c2e-7b4d-4e8f-9a6b-1c2d3e4f5a6b","status":"COMPLETED",
 "units":12.0,"unit_type":"gpu_seconds","unit_price":0.02,"price":0.24,
 "completed_at":1755800000,"started_at":1755799988,
 "metadata":{"job_payload":{"type":"inference","model":"llama3.2:3b","prompt":"Grüß dich — 😀","tags":["a",null,"b"]},
             "job_constraints":{"models":["llama3.2:3b"],"gpu":null,"max_price":"0.05","zk_proof_required":false},
             "result":{"status":"completed","output":"Hallo!","execution_time":12.0,"gpu_used":true,"model":"llama3.2:3b","tokens_processed":5},
             "metrics":{"duration_ms":12000,"gpu_utilization":87,"tiny":1e-05,"big":1e+16}}}`;
export const VECTOR_SEED_HEX = '000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f';
export const VECTOR_PUBKEY_HEX = '03a107bff3ce10be1d70dd18e74bc09967e4d6309ba50d5f1ddc8664125531b8';
export const VECTOR_CANONICAL_SHA256 = '6e4aa9d2c700a36da14c07d0441e9604595c116039687d8b24ed5351459dcea7';
export const VECTOR_SIGNATURE = {
  alg: 'Ed25519',
  key_id: 'A6EHv_POEL4dcN0Y50vAmWfk1jCbpQ1fHdyGZBJVMbg',
  sig: 'DG2ex_vq6z3IZsx30RsS7_X-qfnl0ygxcfJlkhwEx5PLhHrNDZXaTEgaN4jBAvxz-HbOIFe4KN8iEliQSVU4Cw',
} as const;
/** The signed receipt as the coordinator (Starlette, ensure_ascii=False) would return it, with unsigned extras. */
export const VECTOR_RECEIPT_WIRE = `${VECTOR_PAYLOAD_WIRE.slice(0, -1)},"signature":${JSON.stringify(VECTOR_SIGNATURE)},"zk_status":"not_required","reinvest_status":null}`;
export const VECTOR_FIELDS = ['14650086798158555496932714053969311886', '310601281223883008744835008148097216234', '311109643729031725491775539217847318545', '196012228542505639807737119219516175996'];
export const VECTOR_RECEIPT_HASH = '5656625537708637863383397223409696758782592621516403462568308140445076207847';
