/** A page that is not built yet: says what will appear and what is missing to show it. */
export function PlaceholderPage({ id, what, missing }: { id: string; what: string; missing: string }) {
  return (
    <section className="placeholder" data-testid={`page-${id}`}>
      <p>{what}</p>
      <p className="muted">{missing}</p>
    </section>
  );
}
