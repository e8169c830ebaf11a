/**
 * Table rows for the anchoring section, from the `AnchoringBenchResult` that
 * `runAnchoringBench()` returns (see bench/anchoring.bench.ts for its shape).
 */

const PEERS = [
  ['apacheAnnotator', '@apache-annotator/dom exact matcher'],
  ['domAnchorTextQuote', 'dom-anchor-text-quote'],
];

function peer(result, key, label, phase, measure) {
  const run = result[key]?.[phase];
  if (!run) return { name: `${label}: no result` };
  if (run.error) return { name: `${label}: ${run.error.replace(/\bError: /, '')}` };
  const scope = run.notes === result.notes ? '' : ` on ${run.notes} notes`;
  return { name: `${label} (${run.found}/${run.notes} found${scope})`, value: run[measure] };
}

function states(counts) {
  return Object.entries(counts)
    .filter(([, count]) => count)
    .map(([state, count]) => `${count} ${state}`)
    .join(', ');
}

export function anchoringRows(outcome) {
  if (!outcome || outcome.failed) {
    return [{ id: 'anchoring', section: 'anchoring', name: 'anchoring', missing: `failed: ${outcome?.failed ?? 'no result'}` }];
  }
  if (outcome.error || !outcome.result?.trialkit) {
    const why = outcome.error ? `runAnchoringBench() threw: ${outcome.error.split('\n')[0]}` : 'runAnchoringBench() returned no trialkit result';
    return [{ id: 'anchoring', section: 'anchoring', name: 'anchoring', missing: why }];
  }
  const result = outcome.result;
  const workload = `${result.notes} notes on ${(result.textChars / 1e6).toFixed(2)} M chars`;
  const peersFor = (phase, measure) => PEERS.map(([key, label]) => peer(result, key, label, phase, measure));
  const row = (id, name, phase, measure, budget, detail) => {
    const [first, ...rest] = peersFor(phase, measure);
    const value = result.trialkit[phase][measure];
    return {
      display: measure === 'longestTaskMs' && value === 0 ? 'none over 50 ms' : undefined,
      id: `anchoring.${id}`,
      section: 'anchoring',
      name,
      unit: 'ms',
      value,
      detail,
      peer: first,
      alsoPeers: rest,
      budget,
    };
  };
  const exact = result.trialkit.exact;
  const edited = result.trialkit.edited;
  const errors = outcome.errors?.length
    ? [{ id: 'anchoring.errors', section: 'anchoring', name: 'errors on the anchoring page', missing: outcome.errors.slice(0, 3).join('; ') }]
    : [];
  return [
    ...errors,
    row(
      'exact.total',
      `${workload}, all exact: total`,
      'exact',
      'totalMs',
      [
        { text: '≤ 150 ms', max: 150 },
        { text: 'faster than @apache-annotator/dom', maxPeerRatio: 1 },
      ],
      `(text map ${exact.mapMs} ms + anchoring ${exact.anchorMs} ms; ${states(exact.states)})`,
    ),
    row('exact.longest', `${workload}, all exact: longest main-thread task`, 'exact', 'longestTaskMs', undefined),
    row(
      'edited.total',
      `${workload}, ${result.edited} edited: total`,
      'edited',
      'totalMs',
      undefined,
      `(text map ${edited.mapMs} ms + anchoring ${edited.anchorMs} ms; ${states(edited.states)})`,
    ),
    row(
      'edited.longest',
      `${workload}, ${result.edited} edited: longest main-thread task`,
      'edited',
      'longestTaskMs',
      { text: '≤ 50 ms', max: 50 },
    ),
  ];
}
