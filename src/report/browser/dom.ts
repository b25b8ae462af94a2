/**
 * Element helpers. Every data-derived string goes in through textContent (or an attribute), never as
 * markup: znode data may hold `<script>`, and it must show as text.
 */

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K, className?: string, text?: string,
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className !== undefined && className !== '') node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** A titled block: `<div class="kv"><span class="k">key</span><span class="v">value</span></div>`. */
export function keyValue(key: string, value: string, valueClass = ''): HTMLElement {
  const row = el('div', 'kv');
  row.append(el('span', 'k', key), el('span', `v ${valueClass}`.trim(), value));
  return row;
}
