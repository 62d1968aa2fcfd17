// Status badges: a word and a colour (the word alone carries the meaning;
// the colours keep a contrast of at least 4.5:1, see app.css).
import type { AttemptStatus, IntegrationStatus, Order } from "../api/client";
import { useI18n } from "../i18n";

/** Badge is one integration or attempt status, in words. */
export function Badge({ status }: { status: IntegrationStatus | AttemptStatus }) {
  const { t } = useI18n();
  return <span class={`badge badge-${status}`}>{t(`integration.${status}`)}</span>;
}

/** SystemBadges is one badge per system of an order, with its latest message as a tooltip. */
export function SystemBadges({ order }: { order: Pick<Order, "integration"> }) {
  const { t } = useI18n();
  const systems = order.integration.systems;
  if (systems.length === 0) return <span class="muted">{t("none")}</span>;
  return (
    <ul class="badges">
      {systems.map((s) => (
        <li key={s.system}>
          <span class={`badge badge-${s.status}`} title={s.message}>
            <span class="badge-system">{s.system}</span> {t(`integration.${s.status}`)}
          </span>
        </li>
      ))}
    </ul>
  );
}
