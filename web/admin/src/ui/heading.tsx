// The screen's h1, which takes the focus when the screen opens, so that a
// screen reader announces the new screen after a hash change.
import type { ComponentChildren } from "preact";
import { useEffect, useRef } from "preact/hooks";

/** ScreenTitle is the h1 of a screen. */
export function ScreenTitle({ children }: { children: ComponentChildren }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <h1 tabIndex={-1} ref={ref}>
      {children}
    </h1>
  );
}
