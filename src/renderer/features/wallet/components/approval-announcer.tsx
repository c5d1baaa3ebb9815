import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import type { Approval } from '../../../../shared/contract/wallet';
import { useTransport } from '../../../transport/transport-context';
import { approvalsQuery } from '../api/wallet-queries';
import { shortAit } from './amount';

/** Seconds left at which a waiting payment is announced again (the last one assertively). */
export const COUNTDOWN_MARKS = [30, 10] as const;

export interface Announcement {
  polite: string | null;
  assertive: string | null;
}

const secondsLeft = (a: Approval, now: number) => Math.max(0, Math.round((a.deadlineMs - now) / 1000));

/**
 * What to say now about waiting payments: a new one is announced once (politely), then again when its countdown
 * passes 30 s and (assertively) 10 s. `said` remembers what was announced per approval id and is updated in place.
 */
export function approvalAnnouncement(pending: readonly Approval[], said: Map<string, Set<string>>, now: number): Announcement {
  const out: Announcement = { polite: null, assertive: null };
  for (const id of [...said.keys()]) if (!pending.some((a) => a.id === id)) said.delete(id);
  for (const a of pending) {
    const marks = said.get(a.id) ?? new Set<string>();
    said.set(a.id, marks);
    const left = secondsLeft(a, now);
    const cost = `${shortAit(a.deltaAit.replace(/^-/, ''), 6)} AIT`;
    if (!marks.has('new')) {
      marks.add('new');
      COUNTDOWN_MARKS.filter((m) => left <= m).forEach((m) => marks.add(String(m)));
      out.polite = `Payment waiting for your approval: ${a.agentId} wants up to ${cost} for ${a.model}. Denied automatically in ${left} seconds. Open Approvals in the header to decide.`;
      continue;
    }
    const mark = COUNTDOWN_MARKS.find((m) => left <= m && !marks.has(String(m)));
    if (mark === undefined) continue;
    COUNTDOWN_MARKS.filter((m) => m >= mark).forEach((m) => marks.add(String(m)));
    const text = `Payment for ${a.agentId} (${cost}) is denied automatically in ${left} seconds.`;
    if (mark === COUNTDOWN_MARKS[COUNTDOWN_MARKS.length - 1]) out.assertive = text;
    else out.polite = text;
  }
  return out;
}

/** Live regions (outside the app root, so they still speak while a dialog makes the rest inert). */
export function ApprovalAnnouncer() {
  const transport = useTransport();
  const pending = useQuery(approvalsQuery(transport)).data?.pending;
  const said = useRef(new Map<string, Set<string>>());
  const [text, setText] = useState<Announcement>({ polite: null, assertive: null });
  useEffect(() => {
    if (!pending) return;
    const speak = () => {
      const next = approvalAnnouncement(pending, said.current, Date.now());
      if (next.polite || next.assertive) setText((t) => ({ polite: next.polite ?? t.polite, assertive: next.assertive ?? t.assertive }));
    };
    speak();
    if (pending.length === 0) return;
    const timer = setInterval(speak, 1000);
    return () => clearInterval(timer);
  }, [pending]);
  return createPortal(
    <div className="visually-hidden">
      <div role="status" aria-live="polite" data-testid="approvals-live-polite">{text.polite}</div>
      <div role="alert" aria-live="assertive" data-testid="approvals-live-assertive">{text.assertive}</div>
    </div>,
    document.body,
  );
}
