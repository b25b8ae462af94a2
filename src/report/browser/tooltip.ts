/** The one tooltip (#tooltip): a title and lines, set as text, placed next to the pointer within the window. */
import type { Hit } from './draw-context.ts';
import { el } from './dom.ts';

export interface Tooltip {
  readonly element: HTMLElement;
  show(hit: Hit, clientX: number, clientY: number): void;
  hide(): void;
}

export function createTooltip(): Tooltip {
  const element = el('div');
  element.id = 'tooltip';
  element.setAttribute('role', 'tooltip');
  element.hidden = true;
  return {
    element,
    show(hit, clientX, clientY) {
      element.replaceChildren(el('div', 'tip-title', hit.title), ...hit.lines.map((line) => el('div', 'tip-line', line)));
      element.hidden = false;
      const marginPx = 14;
      const { width, height } = element.getBoundingClientRect();
      const left = clientX + marginPx + width > window.innerWidth ? clientX - marginPx - width : clientX + marginPx;
      const top = clientY + marginPx + height > window.innerHeight ? clientY - marginPx - height : clientY + marginPx;
      element.style.left = `${Math.max(2, left)}px`;
      element.style.top = `${Math.max(2, top)}px`;
    },
    hide() {
      element.hidden = true;
    },
  };
}
