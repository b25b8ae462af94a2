/**
 * Hovering the plot: a crosshair at the pointer and the tooltip for what is under it, at most once per
 * frame; nothing while dragging (panning).
 */

export interface PointerHandlers {
  hover(xPx: number, yPx: number, event: MouseEvent): void;
  leave(): void;
}

export function attachPointer(overlay: HTMLElement, crosshair: HTMLElement, handlers: PointerHandlers): void {
  let dragging = false;
  let last: MouseEvent | undefined;
  let pending = false;
  const leave = (): void => {
    crosshair.hidden = true;
    handlers.leave();
  };
  const flush = (): void => {
    pending = false;
    if (last === undefined || dragging) return;
    const box = overlay.getBoundingClientRect();
    const xPx = last.clientX - box.left;
    crosshair.hidden = false;
    crosshair.style.transform = `translateX(${Math.round(xPx)}px)`;
    handlers.hover(xPx, last.clientY - box.top, last);
  };
  overlay.addEventListener('mousemove', (event) => {
    last = event;
    if (pending) return;
    pending = true;
    requestAnimationFrame(flush);
  });
  overlay.addEventListener('mouseleave', () => {
    last = undefined;
    leave();
  });
  overlay.addEventListener('pointerdown', () => {
    dragging = true;
    leave();
  });
  window.addEventListener('pointerup', () => {
    dragging = false;
  });
  overlay.addEventListener('wheel', () => handlers.leave(), { passive: true });
}
