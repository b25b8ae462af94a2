/**
 * The message-kind filter (#message-filter): one checkbox per kind (data-kind) with its colour and count.
 * All on by default, all off when the run kept more than DEFAULT_ON_LIMIT messages (drawing them all
 * would bury the lanes).
 */
import { el } from './dom.ts';
import type { MessageCounts } from './messages.ts';
import type { Model } from './model.ts';

const DEFAULT_ON_LIMIT = 2000;

export function defaultMessageKinds(model: Model): Set<string> {
  return model.data.messages.length > DEFAULT_ON_LIMIT ? new Set() : new Set(model.messageKinds.map((k) => k.kind));
}

function kindCheckbox(kind: string, color: string, count: number, checked: boolean): HTMLLabelElement {
  const label = el('label', 'kind');
  const box = el('input');
  box.type = 'checkbox';
  box.checked = checked;
  box.dataset['kind'] = kind;
  const swatch = el('span', 'swatch-line');
  swatch.style.borderTop = `3px solid ${color}`;
  label.append(box, swatch, el('span', '', `${kind} (${count})`));
  return label;
}

function note(model: Model): string {
  const { messages, messagesDropped } = model.data;
  const parts = [`${messages.length} messages`];
  if (messagesDropped > 0) parts.push(`${messagesDropped} more in the run were not kept`);
  if (messages.length > DEFAULT_ON_LIMIT) parts.push('off by default: tick the kinds to draw');
  return parts.join(' · ');
}

export interface MessageFilter {
  readonly element: HTMLElement;
  /** Says when the arrows drawn are a sample of those in the window. */
  showCounts(counts: MessageCounts): void;
}

function sampleText(counts: MessageCounts): string {
  return counts.stride > 1 ? `drawing 1 in ${counts.stride} of the ${counts.inWindow} arrows in view: zoom in to see all` : '';
}

export function renderMessageFilter(model: Model, initial: ReadonlySet<string>, onChange: (kinds: ReadonlySet<string>) => void): MessageFilter {
  const root = el('div', 'message-filter');
  root.id = 'message-filter';
  const sample = el('span', 'sample');
  root.append(el('span', 'k', 'Messages'), el('span', 'note', note(model)));
  const filter: MessageFilter = { element: root, showCounts: (counts) => { sample.textContent = sampleText(counts); } };
  if (model.messageKinds.length === 0) return filter;
  const boxes = model.messageKinds.map((k) => kindCheckbox(k.kind, k.color, k.messages.size, initial.has(k.kind)));
  const emit = (): void => {
    const kinds = new Set<string>();
    for (const label of boxes) {
      const box = label.querySelector('input');
      const kind = box?.dataset['kind'];
      if (box !== null && box.checked && kind !== undefined) kinds.add(kind);
    }
    onChange(kinds);
  };
  const setAll = (checked: boolean): void => {
    for (const label of boxes) {
      const box = label.querySelector('input');
      if (box !== null) box.checked = checked;
    }
    emit();
  };
  const all = el('button', 'small', 'all');
  all.type = 'button';
  all.addEventListener('click', () => setAll(true));
  const none = el('button', 'small', 'none');
  none.type = 'button';
  none.addEventListener('click', () => setAll(false));
  root.append(all, none, ...boxes, sample);
  root.addEventListener('change', emit);
  return filter;
}
