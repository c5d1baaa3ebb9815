export interface NetworkLabel {
  text: string;
  tone: 'devnet' | 'off' | 'live' | 'unknown';
  title: string;
}

/** How the active AITBC network is announced: devnet must never be mistaken for real money. */
export function describeNetwork(network: string | undefined): NetworkLabel {
  if (network === undefined) return { text: '…', tone: 'unknown', title: 'Loading network…' };
  if (network === 'devnet') {
    return { text: 'DEVNET — play money', tone: 'devnet', title: 'The embedded devnet: AIT here has no value.' };
  }
  if (network === 'off') {
    return { text: 'NETWORK OFF — local only', tone: 'off', title: 'Nothing is offloaded to the AITBC network; no AIT is spent.' };
  }
  let host = network;
  try {
    host = new URL(network).host;
  } catch {
    // not a URL: show it as given
  }
  return { text: `NETWORK ${host}`, tone: 'live', title: `AITBC coordinator ${network}: offloaded jobs are paid in AIT.` };
}

export function NetworkBadge({ network }: { network: string | undefined }) {
  const label = describeNetwork(network);
  return (
    <span className={`badge badge-${label.tone}`} title={label.title} data-testid="network-badge">
      {label.text}
    </span>
  );
}
