/** Full-page message when the browser has no (valid) access token: no data is loaded behind it. */
export function AuthRequired() {
  return (
    <main className="auth-required" data-testid="auth-required">
      <h1>ClawGrid</h1>
      <p>
        This ClawGrid window needs its access token. Open the URL printed by <code>npm start</code> / <code>npm run serve</code> (it
        ends with <code>#token=…</code>).
      </p>
      <p className="muted">The token changes each time the host starts, so an old link stops working after a restart.</p>
    </main>
  );
}
