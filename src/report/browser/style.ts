/** The page's CSS, injected as one <style> element (no fonts or sheets are fetched). */

const CSS = `
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0; font: 13px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: #1f2933; background: #fff; }
#app { padding-bottom: 40px; }
[hidden] { display: none !important; }
code, .mono { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, "DejaVu Sans Mono", monospace; font-size: 12px; }
button { font: inherit; font-size: 12px; padding: 2px 10px; border: 1px solid #c3ccd6; background: #fff; border-radius: 4px; cursor: pointer; color: inherit; }
button:hover { background: #eef3f8; }
button.small { padding: 0 6px; font-size: 11px; }

#header { padding: 12px 16px 10px; border-bottom: 1px solid #e3e7ec; background: #f7f9fb; }
.title-row { display: flex; align-items: center; gap: 12px; }
h1.scenario { font-size: 19px; margin: 0; font-weight: 650; }
.verdict { font-weight: 700; padding: 1px 10px; border-radius: 10px; color: #fff; letter-spacing: .06em; font-size: 12px; }
.verdict.verdict-pass { background: #2e7d32; }
.verdict.verdict-fail { background: #c62828; }
.facts { display: flex; flex-wrap: wrap; gap: 2px 20px; margin: 8px 0 4px; }
.k { color: #5f6b7a; margin-right: 6px; }
.kv .v { font-weight: 600; }
.kv .v.bad { color: #c62828; }
.replay-row { display: flex; align-items: center; gap: 6px; margin: 6px 0; }
.replay-row > .k, .chip-row > .k { min-width: 92px; }
#replay { user-select: all; background: #fff; border: 1px solid #d5dbe3; border-radius: 4px; padding: 2px 8px; white-space: pre-wrap; word-break: break-all; }
.chip-row { display: flex; flex-wrap: wrap; align-items: center; gap: 4px; margin: 3px 0; }
.chip { background: #eef2f6; border: 1px solid #dde3ea; border-radius: 10px; padding: 0 8px; font-size: 12px; }
.chip.hit { background: #e9f5ea; border-color: #c8e6c9; }
.chip.missed { background: #fff3f3; border-color: #f1b0b0; color: #b71c1c; }
.chip.fault { background: #f3eef9; border-color: #ddd0ee; }
.none { color: #8a94a3; font-style: italic; }
details > summary { cursor: pointer; font-weight: 600; color: #3d4a5a; }
details.checks { margin-top: 6px; }
details.checks-passed { margin: 2px 0 0 0; }
details.checks-passed > summary { font-weight: 500; color: #2e7d32; }
.check-list { list-style: none; margin: 4px 0 0; padding: 0; }
.check { display: grid; grid-template-columns: 64px minmax(160px, 260px) 1fr; gap: 8px; padding: 1px 0; }
.verdict-dot { font-size: 11px; font-weight: 700; text-transform: uppercase; }
.verdict-dot.verdict-pass { color: #2e7d32; }
.verdict-dot.verdict-fail { color: #c62828; }
.verdict-dot.verdict-unknown { color: #b26a00; }
.check .checker { font-weight: 600; }
.check .reason { color: #4a5563; }

.violations-panel { padding: 8px 16px 4px; }
.violations-panel h2 { font-size: 14px; margin: 2px 0 6px; display: flex; align-items: center; gap: 10px; }
#violations { list-style: none; margin: 0; padding: 0; max-height: 220px; overflow: auto; border: 1px solid #e6e9ee; border-radius: 4px; }
#violations li.violation { display: grid; grid-template-columns: 90px minmax(140px, 220px) 1fr auto; gap: 10px; padding: 4px 8px; cursor: pointer; border-bottom: 1px solid #f0f2f5; }
#violations li.violation:hover { background: #fdf0f7; }
#violations li.violation.selected { background: #fbd9ec; box-shadow: inset 4px 0 0 #e6007e; }
.v-time { font-variant-numeric: tabular-nums; color: #4a5563; }
.v-checker { font-weight: 600; color: #ad1457; }
.v-message { word-break: break-word; }
.v-involved { color: #6b7785; white-space: nowrap; }
#violations li.none { padding: 4px 8px; color: #2e7d32; }

.toolbar, .message-filter { display: flex; flex-wrap: wrap; align-items: center; gap: 4px 10px; padding: 4px 16px; }
.window-readout { font-variant-numeric: tabular-nums; font-weight: 600; }
.hint, .message-filter .note { color: #8a94a3; font-size: 12px; }
.message-filter > .k { font-weight: 600; color: #3d4a5a; }
.message-filter .sample { color: #b26a00; font-size: 12px; }
.message-filter label.kind { display: inline-flex; align-items: center; gap: 4px; font-size: 12px; cursor: pointer; }
.swatch-line { display: inline-block; width: 16px; height: 0; vertical-align: middle; }
.legend { padding: 2px 16px 8px; font-size: 12px; }
.legend-group { display: flex; flex-wrap: wrap; align-items: center; gap: 2px 12px; margin: 2px 0; }
.legend-title { font-weight: 600; min-width: 92px; color: #5f6b7a; }
.legend-item { display: inline-flex; align-items: center; gap: 4px; }
.swatch { display: inline-block; width: 16px; height: 10px; border-radius: 2px; border: 1px solid rgba(0,0,0,.15); }
.swatch.hatched { background-image: repeating-linear-gradient(135deg, #1b58b8 0 1.5px, transparent 1.5px 5px); }

#timeline { position: relative; border-top: 1px solid #cfd6de; margin-top: 4px; user-select: none; }
.axis-row { position: sticky; top: 0; z-index: 5; display: flex; background: rgba(255,255,255,.97); border-bottom: 1px solid #cfd6de; }
.axis-label { flex: none; height: 50px; display: flex; flex-direction: column; justify-content: flex-end; padding: 0 8px 2px; font-size: 11px; color: #5f6b7a; text-align: right; border-right: 1px solid #e3e7ec; }
.axis-time { margin-bottom: 3px; }
svg.axis { display: block; overflow: visible; }
svg.axis .ticks text { font-size: 11px; fill: #333; font-variant-numeric: tabular-nums; }
svg.axis .flag { font-size: 11px; font-weight: 700; }
svg.axis .strip-bg { fill: #f1f3f5; }
svg.axis .violation-flag, svg.axis .split-brain rect { cursor: help; }
.lanes { position: relative; }
.layer, .plot-overlay { position: absolute; top: 0; }
.layer { pointer-events: none; }
.lanes-layer { z-index: 1; }
.messages-layer { z-index: 2; }
.plot-overlay { z-index: 3; cursor: crosshair; overflow: hidden; }
.plot-overlay:active { cursor: grabbing; }
.crosshair { position: absolute; top: 0; bottom: 0; left: 0; width: 0; border-left: 1px solid rgba(0,0,0,.28); pointer-events: none; }
.lane, .lane-section { display: flex; border-bottom: 1px solid #edf0f3; }
.lane-section { align-items: flex-end; padding: 0 8px 3px; font-weight: 650; font-size: 12px; color: #3d4a5a; background: #f2f4f7; border-bottom-color: #dfe4ea; text-transform: uppercase; letter-spacing: .04em; }
.lane:nth-child(odd) { background: #fbfcfd; }
.lane-label { flex: none; position: relative; padding: 3px 8px 0 6px; border-right: 1px solid #e3e7ec; border-left: 4px solid transparent; overflow: hidden; display: flex; flex-direction: column; line-height: 1.25; background: inherit; }
.lane-label.compact { flex-direction: row; align-items: baseline; gap: 6px; padding-top: 6px; }
.lane-name, .lane-detail { flex: none; }
.lane-name { font-weight: 600; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.lane-detail { font-size: 10.5px; color: #8a94a3; white-space: nowrap; }
.lane-sub { position: absolute; right: 6px; font-size: 10px; color: #8a94a3; }
.lane.highlight { background: #fde7f3; }
.lane.highlight .lane-label { border-left-color: #e6007e; }
.lane.cut-from { background: #e6efff; }
.lane.cut-from .lane-label { border-left-color: #1a73e8; }
.lane.cut-to { background: #fff0de; }
.lane.cut-to .lane-label { border-left-color: #f28e2b; }

#tooltip { position: fixed; z-index: 100; max-width: 560px; background: rgba(27,32,40,.96); color: #f5f7fa; padding: 6px 9px; border-radius: 5px; font-size: 12px; pointer-events: none; box-shadow: 0 3px 10px rgba(0,0,0,.25); white-space: pre-wrap; word-break: break-word; }
.tip-title { font-weight: 650; margin-bottom: 2px; }
.tip-line { font-family: ui-monospace, Menlo, Consolas, "DejaVu Sans Mono", monospace; font-size: 11.5px; color: #d8dee6; }
.fatal { color: #b71c1c; padding: 16px; white-space: pre-wrap; }
`;

export function injectStyle(doc: Document): void {
  const style = doc.createElement('style');
  style.textContent = CSS;
  doc.head.append(style);
}
