/**
 * A form's error inside a live region that is always in the page, so a screen reader announces the message
 * the moment it appears (a region inserted together with its text is often missed).
 */
export function LiveError({ error, testId, id }: { error: { message: string } | null | undefined | false; testId?: string; id?: string }) {
  return (
    <div role="alert" className="live-error" id={id}>
      {error ? <p className="warning" data-testid={testId}>{error.message}</p> : null}
    </div>
  );
}
