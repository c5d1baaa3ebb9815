import { NOT_REPORTED } from '../../../lib/format';

/** A formatted reading; a missing one ("—" anywhere in it) explains itself on hover. */
export function MetricValue({ text, testId }: { text: string; testId?: string }) {
  const missing = text.includes(NOT_REPORTED);
  return (
    <span data-testid={testId} className={missing ? 'value na' : 'value'} title={missing ? 'not reported by this GPU' : undefined}>
      {text}
    </span>
  );
}
