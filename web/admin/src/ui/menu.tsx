// A menu button (WAI-ARIA APG "menu button"): Enter, Space or ArrowDown
// opens it on its first item, ArrowUp on its last; arrows move, Escape
// closes and gives the focus back to the button; a click elsewhere closes it.
import { useId, useLayoutEffect, useRef, useState } from "preact/hooks";

/** One entry of a menu: a link to a screen, or an action (onSelect). */
export type MenuItem = { label: string; href: string } | { label: string; onSelect: () => void; disabled?: boolean };

/** Menu is a button labelled label that opens items. */
/** describedBy names an element that tells which row the menu acts on (the order's number). */
export function Menu({ label, describedBy, items }: { label: string; describedBy?: string; items: MenuItem[] }) {
  const [open, setOpen] = useState(false);
  const [focusLast, setFocusLast] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const id = useId();

  // A layout effect: the item has the focus as soon as the menu shows.
  useLayoutEffect(() => {
    if (!open) return undefined;
    const links = menuItems(root.current);
    (focusLast ? links[links.length - 1] : links[0])?.focus();
    const onDown = (e: MouseEvent) => {
      if (!root.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener("mousedown", onDown);
    return () => document.removeEventListener("mousedown", onDown);
  }, [open, focusLast]);

  const openAt = (last: boolean) => {
    setFocusLast(last);
    setOpen(true);
  };
  const close = () => {
    setOpen(false);
    button.current?.focus();
  };
  const onButtonKey = (e: KeyboardEvent) => {
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      openAt(e.key === "ArrowUp");
    }
  };
  const onMenuKey = (e: KeyboardEvent) => {
    const links = menuItems(root.current);
    const at = links.indexOf(document.activeElement as HTMLElement);
    const move = (i: number) => links[(i + links.length) % links.length]?.focus();
    switch (e.key) {
      case "Escape":
        e.preventDefault();
        close();
        break;
      case "ArrowDown":
        e.preventDefault();
        move(at + 1);
        break;
      case "ArrowUp":
        e.preventDefault();
        move(at - 1);
        break;
      case "Home":
        e.preventDefault();
        move(0);
        break;
      case "End":
        e.preventDefault();
        move(links.length - 1);
        break;
      case "Tab":
        setOpen(false);
        break;
    }
  };

  return (
    <div class="menu" ref={root}>
      <button
        type="button"
        ref={button}
        class="menu-button"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={id}
        aria-describedby={describedBy}
        onClick={() => (open ? setOpen(false) : openAt(false))}
        onKeyDown={onButtonKey}
      >
        {label}
      </button>
      <ul id={id} role="menu" class="menu-list" hidden={!open} aria-label={label} onKeyDown={onMenuKey}>
        {items.map((item) => (
          <li role="none" key={item.label}>
            {"href" in item ? (
              <a role="menuitem" href={item.href} tabIndex={-1} onClick={() => setOpen(false)}>
                {item.label}
              </a>
            ) : (
              <button
                type="button"
                role="menuitem"
                tabIndex={-1}
                aria-disabled={item.disabled === true ? "true" : undefined}
                onClick={() => {
                  if (item.disabled === true) return;
                  close();
                  item.onSelect();
                }}
              >
                {item.label}
              </button>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}

function menuItems(root: HTMLElement | null): HTMLElement[] {
  return Array.from(root?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? []);
}
