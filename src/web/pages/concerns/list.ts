/** The concerns a person may see, and the form to raise one (by hand, or prefilled from a flag). */
import type { ConcernSummary } from '../../../app/concerns/read.ts';
import {
  CONCERN_TYPE_LABELS,
  CONCERN_TYPES,
  SOURCE_LABELS,
  STATE_LABELS,
} from '../../../domain/concerns/workflow.ts';
import { formatDateTime, table, tag } from '../../components.ts';
import { type Html, html } from '../../html.ts';
import { page, type Viewer } from '../../layout.ts';
import {
  keptValue,
  type Problem,
  postForm,
  problemSummary,
  select,
  textArea,
  textInput,
} from '../governance/forms.ts';

export const CONCERN_CRUMBS = [{ text: 'Home', href: '/' }];

export function concernListPage(viewer: Viewer, concerns: ConcernSummary[], mayRaise: boolean): string {
  return page({
    title: 'Performance concerns',
    viewer,
    breadcrumbs: CONCERN_CRUMBS,
    content: html`<h1>Performance concerns</h1>
${mayRaise ? html`<p><a href="/concerns/new">Raise a concern by hand</a>. To raise one from a flag, open the flag’s indicator and practice and use the link there.</p>` : html``}
${
  concerns.length === 0
    ? html`<p>There are no concerns you can see.</p>`
    : table({
        caption: 'Concerns you can see',
        head: ['Concern', 'Practice', 'Type', 'State', 'Raised'],
        rows: concerns.map((c) => [
          html`<a href="/concerns/${c.id}">${c.title ?? `Concern ${c.id}`}</a>`,
          `${c.practiceName} (${c.practiceCode})`,
          CONCERN_TYPE_LABELS[c.type],
          tag(STATE_LABELS[c.state], c.state === 'referred' ? 'red' : 'blue'),
          formatDateTime(c.raisedAt),
        ]),
      })
}`,
  });
}

export interface RaiseDefaults {
  practiceCode: string;
  source: string;
  releaseId: string;
  indicatorId: string;
  period: string;
  title: string;
}

export function raiseConcernPage(viewer: Viewer, defaults: RaiseDefaults, problem: Problem | null): string {
  const form = 'raise';
  const v = (name: string, fallback = ''): string => keptValue(problem, form, name, fallback);
  const fromFlag = defaults.source !== 'by_hand' && defaults.releaseId !== '';
  const body: Html = html`
${textInput({ form, name: 'practice_code', label: 'Practice ODS code', value: v('practice_code', defaults.practiceCode), width: 10, problem })}
${select({
  form,
  name: 'type',
  label: 'Type of concern',
  hint: 'A concern about an individual performer goes straight to the NHS England area team’s responsible officer.',
  value: v('type') || 'practice_performance',
  options: CONCERN_TYPES.map((t) => ({ value: t, text: CONCERN_TYPE_LABELS[t] })),
  problem,
})}
${textInput({ form, name: 'title', label: 'Title (optional)', hint: 'Left blank, the title names the indicator and period, or the practice for a concern raised by hand.', value: v('title', defaults.title), problem })}
${textArea({
  form,
  name: 'reason',
  label: fromFlag ? 'Reason (optional)' : 'Reason',
  hint: fromFlag ? 'The flag and its numbers are frozen into the concern.' : 'Say why you are raising it.',
  value: v('reason'),
  problem,
})}
<input type="hidden" name="source" value="${defaults.source}">
<input type="hidden" name="release_id" value="${defaults.releaseId}">
<input type="hidden" name="indicator_id" value="${defaults.indicatorId}">
<input type="hidden" name="period" value="${defaults.period}">`;
  return page({
    title: 'Raise a concern',
    viewer,
    breadcrumbs: [...CONCERN_CRUMBS, { text: 'Performance concerns', href: '/concerns' }],
    content: html`${problemSummary(problem)}<h1>Raise a concern</h1>
${fromFlag ? html`<p>From: ${SOURCE_LABELS[defaults.source as keyof typeof SOURCE_LABELS] ?? defaults.source}, period ${defaults.period}.</p>` : html``}
${postForm(viewer, '/concerns', body, 'Raise concern')}`,
  });
}
