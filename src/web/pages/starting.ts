/**
 * What a visitor sees while Fairview's first start imports and computes (issue 15): the step, how far
 * it is, about how long is left, and the pages that can already be used. Plain HTML that works
 * without JavaScript (a "Check again" link); with it, /starting.mjs reads /healthz every few seconds,
 * updates the figures and loads the page asked for as soon as its data is in. No automatic refresh
 * (WCAG 2.2.1): the page changes only its own words, announced politely.
 */
import { aboutTime, type StartupArea, type StartupSnapshot } from '../../app/startup-progress.ts';
import { type Html, html } from '../html.ts';
import { page, type Viewer } from '../layout.ts';

/** The links offered while starting, with the area whose data they need. */
const READY_LINKS: Array<{ area: StartupArea; href: string; text: string }> = [
  { area: 'organisations', href: '/organisations', text: 'Organisations and practices' },
  { area: 'organisations', href: '/search', text: 'Search for a practice' },
  { area: 'benchmarking', href: '/releases', text: 'Published releases and benchmarking' },
];

function percent(fraction: number): string {
  return `${Math.floor(fraction * 100)}%`;
}

/** The status as /healthz gives it in JSON (also what /starting.mjs reads). */
export function startingJson(s: StartupSnapshot, serves: (area: StartupArea) => boolean) {
  return {
    status: s.state,
    step: s.stepTitle,
    stepNumber: s.stepNumber,
    stepCount: s.stepCount,
    detail: s.detail,
    stepPercent: s.stepFraction === null ? null : Math.floor(s.stepFraction * 100),
    percent: Math.floor(s.overallFraction * 100),
    elapsedSeconds: Math.round(s.elapsedSeconds),
    secondsLeft: s.secondsLeft === null ? null : Math.round(s.secondsLeft),
    timeLeft: s.secondsLeft === null ? null : aboutTime(s.secondsLeft),
    serving: (['organisations', 'benchmarking', 'everything'] as const).filter((a) => serves(a)),
    failure: s.failure,
  };
}

function summary(s: StartupSnapshot): Html {
  const row = (key: string, value: Html | string, id: string) =>
    html`<div class="nhsuk-summary-list__row"><dt class="nhsuk-summary-list__key">${key}</dt><dd class="nhsuk-summary-list__value" id="${id}">${value}</dd></div>`;
  return html`<dl class="nhsuk-summary-list">
  ${row('Step', `${s.stepNumber} of ${s.stepCount}: ${s.stepTitle}`, 'starting-step')}
  ${row('Now', s.detail ?? '—', 'starting-detail')}
  ${row('This step', s.stepFraction === null ? 'under way' : `${percent(s.stepFraction)} done`, 'starting-step-percent')}
  ${row('Time left', s.secondsLeft === null ? '—' : aboutTime(s.secondsLeft), 'starting-time-left')}
  ${row('Time so far', aboutTime(s.elapsedSeconds).replace(/^about /, ''), 'starting-elapsed')}
</dl>`;
}

export interface StartingPageOptions {
  viewer: Viewer | null;
  snapshot: StartupSnapshot;
  serves: (area: StartupArea) => boolean;
  /** The page asked for and the area it needs; null for the progress page itself. */
  requested: { path: string; area: StartupArea } | null;
  /** The page's data is in but the database is busy with the step (PGlite has one session). */
  busy?: boolean;
}

export function startingPage(options: StartingPageOptions): string {
  const { snapshot: s, serves, requested } = options;
  const ready = READY_LINKS.filter((l) => serves(l.area));
  const failed = s.state === 'failed';
  const why = !requested
    ? html``
    : options.busy
      ? html`<p>The data of the page you asked for is in, but the database is busy with this step. Try again in a moment.</p>`
      : html`<p>The page you asked for shows as soon as its data is in.</p>`;
  return page({
    title: failed ? 'Fairview could not start' : 'Fairview is starting',
    viewer: options.viewer,
    content: html`<div class="nhsuk-grid-row"><div class="nhsuk-grid-column-two-thirds" id="starting" data-area="${requested?.area ?? 'everything'}">
  <h1>${failed ? 'Fairview could not start' : 'Fairview is starting'}</h1>
  ${
    failed
      ? html`<p>The first start stopped: ${s.failure ?? 'unknown error'}. The server's log says more; start it again to carry on.</p>`
      : html`<p class="nhsuk-lede-text">The first start imports England's published GP practice data and computes the first release of every indicator. It happens once: later starts are immediate.</p>
  ${why}
  <p class="nhsuk-body-l" aria-live="polite" id="starting-status">${`Step ${s.stepNumber} of ${s.stepCount}: ${s.stepTitle}. ${percent(s.overallFraction)} of the start is done.`}</p>
  <label class="nhsuk-label" for="starting-progress">How far the start has got</label>
  <progress id="starting-progress" max="100" value="${Math.floor(s.overallFraction * 100)}">${percent(s.overallFraction)}</progress>
  ${summary(s)}
  ${
    ready.length > 0
      ? html`<h2>You can use these now</h2><ul>${ready.map((l) => html`<li><a href="${l.href}">${l.text}</a></li>`)}</ul>`
      : html``
  }
  <p><a href="${requested?.path ?? '/'}">Check again</a></p>
  <script type="module" src="/starting.mjs"></script>`
  }
</div></div>`,
  });
}

/** The line shown at the top of pages served while the start goes on. */
export function startingBanner(s: StartupSnapshot): string {
  return html`<div class="nhsuk-inset-text"><span class="nhsuk-u-visually-hidden">Information: </span><p>Fairview is still starting (step ${s.stepNumber} of ${s.stepCount}: ${s.stepTitle}; ${s.secondsLeft === null ? '' : `${aboutTime(s.secondsLeft)} left`}). Some pages are not ready yet: <a href="/">see the progress</a>.</p></div>`
    .value;
}

/**
 * /starting.mjs: reads /healthz (JSON) every 3 seconds, updates the figures, and reloads the page
 * once the area it needs is served (or the start is done).
 */
export const STARTING_SCRIPT = `const box = document.getElementById('starting');
const set = (id, text) => { const el = document.getElementById(id); if (el && el.textContent !== text) el.textContent = text; };
async function tick() {
  try {
    const res = await fetch('/healthz', { headers: { accept: 'application/json' }, cache: 'no-store' });
    const s = await res.json();
    const area = box ? box.dataset.area : 'everything';
    if (s.status === 'ready' || (s.serving || []).includes(area)) { location.reload(); return; }
    if (s.status === 'failed') { location.reload(); return; }
    set('starting-status', 'Step ' + s.stepNumber + ' of ' + s.stepCount + ': ' + s.step + '. ' + s.percent + '% of the start is done.');
    set('starting-step', s.stepNumber + ' of ' + s.stepCount + ': ' + s.step);
    set('starting-detail', s.detail || '—');
    set('starting-step-percent', s.stepPercent === null ? 'under way' : s.stepPercent + '% done');
    set('starting-time-left', s.timeLeft || '—');
    const bar = document.getElementById('starting-progress');
    if (bar) { bar.value = s.percent; bar.textContent = s.percent + '%'; }
  } catch {}
  setTimeout(tick, 3000);
}
setTimeout(tick, 3000);
`;
