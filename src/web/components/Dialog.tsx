// A modal dialog on the native <dialog>: focus is trapped and Escape closes it, for free.
import { useEffect, useId, useRef, type ReactNode } from 'react';

export function Dialog({ open, onClose, title, children, describedBy }: { open: boolean; onClose(): void; title: string; children: ReactNode; describedBy?: string }) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    if (!open && d.open) d.close();
  }, [open]);
  return (
    <dialog ref={ref} className="dialog" aria-labelledby={titleId} aria-describedby={describedBy} onClose={onClose} onCancel={onClose}>
      {open && (
        <>
          <h2 id={titleId} className="dialog-title">{title}</h2>
          {children}
        </>
      )}
    </dialog>
  );
}
