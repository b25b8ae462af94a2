/** Coalesces redraw requests into one per animation frame (a zoom gesture fires many events per frame). */

export interface FrameScheduler {
  request(lanes: boolean, messages: boolean): void;
}

export function frameScheduler(draw: (lanes: boolean, messages: boolean) => void): FrameScheduler {
  let lanes = false;
  let messages = false;
  let pending = false;
  return {
    request(wantLanes, wantMessages) {
      lanes ||= wantLanes;
      messages ||= wantMessages;
      if (pending) return;
      pending = true;
      requestAnimationFrame(() => {
        pending = false;
        const [l, m] = [lanes, messages];
        lanes = false;
        messages = false;
        draw(l, m);
      });
    },
  };
}
