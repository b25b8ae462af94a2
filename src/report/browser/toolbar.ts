/** Above the timeline: the reset-zoom button (#reset-zoom), the visible window, and how to navigate. */
import { el } from './dom.ts';
import { formatMicros } from './format.ts';

export interface Toolbar {
  readonly element: HTMLElement;
  showWindow(fromMicros: number, toMicros: number): void;
}

export function createToolbar(onReset: () => void): Toolbar {
  const element = el('div', 'toolbar');
  const reset = el('button', '', 'reset zoom');
  reset.id = 'reset-zoom';
  reset.type = 'button';
  reset.addEventListener('click', onReset);
  const readout = el('span', 'window-readout');
  readout.id = 'window-readout';
  const hint = el('span', 'hint', 'wheel over the lanes: zoom · drag: pan · double-click: zoom in · hover: details · scroll the page over the lane names');
  element.append(reset, readout, hint);
  return {
    element,
    showWindow(fromMicros, toMicros) {
      readout.textContent = `showing ${formatMicros(fromMicros)} – ${formatMicros(toMicros)} (${formatMicros(toMicros - fromMicros)})`;
    },
  };
}
